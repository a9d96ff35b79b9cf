CREATE TABLE "delivery_ratings" (
	"order_id" text PRIMARY KEY NOT NULL,
	"rating" smallint NOT NULL,
	"comment" text,
	"carriers" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "delivery_ratings_rating_check" CHECK ("delivery_ratings"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "product_ratings" (
	"product_id" text PRIMARY KEY NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"stars_1" integer DEFAULT 0 NOT NULL,
	"stars_2" integer DEFAULT 0 NOT NULL,
	"stars_3" integer DEFAULT 0 NOT NULL,
	"stars_4" integer DEFAULT 0 NOT NULL,
	"stars_5" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_ratings_counts_check" CHECK ("product_ratings"."count" = "product_ratings"."stars_1" + "product_ratings"."stars_2" + "product_ratings"."stars_3" + "product_ratings"."stars_4" + "product_ratings"."stars_5" and "product_ratings"."total" = "product_ratings"."stars_1" + 2 * "product_ratings"."stars_2" + 3 * "product_ratings"."stars_3" + 4 * "product_ratings"."stars_4" + 5 * "product_ratings"."stars_5")
);
--> statement-breakpoint
CREATE TABLE "review_invitations" (
	"order_id" text NOT NULL,
	"product_id" text NOT NULL,
	"product_title" text NOT NULL,
	"author_name" text NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "review_invitations_order_id_product_id_pk" PRIMARY KEY("order_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"order_id" text NOT NULL,
	"rating" smallint NOT NULL,
	"title" text,
	"body" text,
	"author_name" text NOT NULL,
	"status" text NOT NULL,
	"moderation_note" text,
	"moderated_by" text,
	"moderated_at" timestamp with time zone,
	"reply" text,
	"replied_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reviews_rating_check" CHECK ("reviews"."rating" between 1 and 5),
	CONSTRAINT "reviews_status_check" CHECK ("reviews"."status" in ('pending', 'published', 'rejected'))
);
--> statement-breakpoint
CREATE INDEX "delivery_ratings_carriers_idx" ON "delivery_ratings" USING btree ("carriers","order_id");--> statement-breakpoint
CREATE INDEX "review_invitations_product_idx" ON "review_invitations" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reviews_order_product_idx" ON "reviews" USING btree ("order_id","product_id");--> statement-breakpoint
CREATE INDEX "reviews_product_status_idx" ON "reviews" USING btree ("product_id","status","id");--> statement-breakpoint
CREATE INDEX "reviews_status_idx" ON "reviews" USING btree ("status","id");