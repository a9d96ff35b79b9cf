ALTER TABLE "api_keys" ADD COLUMN "root_token_hash" text;--> statement-breakpoint
-- Added by hand: root keys made before this migration cannot tell which ADMIN_TOKEN made them,
-- so they are revoked (fail closed); the operator makes new ones, tied to the current token.
UPDATE "api_keys" SET "revoked_at" = now() WHERE "created_by" IS NULL AND "revoked_at" IS NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_root_token_check" CHECK ("api_keys"."created_by" is not null or "api_keys"."root_token_hash" is not null or "api_keys"."revoked_at" is not null);