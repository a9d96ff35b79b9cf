ALTER TABLE "inventory_reservations" ADD COLUMN "committed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "stock_committed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inventory_reservations" ADD CONSTRAINT "inventory_reservations_committed_check" CHECK ("inventory_reservations"."committed" >= 0 and "inventory_reservations"."committed" <= "inventory_reservations"."quantity");--> statement-breakpoint
UPDATE "inventory_reservations" SET "committed" = "quantity" WHERE "status" = 'committed';
