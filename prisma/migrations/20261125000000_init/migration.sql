-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('reseller', 'support', 'admin');

-- CreateEnum
CREATE TYPE "OrderKind" AS ENUM ('qboxmail_domain', 'qboxmail_manager', 'grommunio_domain', 'grommunio_server');

-- CreateEnum
CREATE TYPE "Provider" AS ENUM ('qboxmail', 'grommunio');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('pending', 'queued', 'provisioning', 'succeeded', 'retrying', 'unknown', 'held', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "AttemptKind" AS ENUM ('create', 'lookup');

-- CreateEnum
CREATE TYPE "AttemptOutcome" AS ENUM ('succeeded', 'rejected', 'transient', 'unknown', 'auth', 'found', 'absent', 'abandoned');

-- CreateTable
CREATE TABLE "reseller" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "max_domains" INTEGER NOT NULL DEFAULT 100,
    "max_managers" INTEGER NOT NULL DEFAULT 20,
    "max_servers" INTEGER NOT NULL DEFAULT 5,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reseller_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "reseller_id" UUID,
    "password_hash" TEXT NOT NULL,
    "session_version" INTEGER NOT NULL DEFAULT 1,
    "disabled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer" (
    "id" UUID NOT NULL,
    "reseller_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "reference" TEXT,
    "notes" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order" (
    "id" UUID NOT NULL,
    "reseller_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "created_by_id" UUID NOT NULL,
    "kind" "OrderKind" NOT NULL,
    "provider" "Provider" NOT NULL,
    "status" "OrderStatus" NOT NULL DEFAULT 'pending',
    "natural_key" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "sealed_secret" BYTEA,
    "idempotency_key" TEXT NOT NULL,
    "upstream_ref" TEXT,
    "depends_on_order_id" UUID,
    "create_sent" BOOLEAN NOT NULL DEFAULT false,
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "current_attempt_id" UUID,
    "next_attempt_at" TIMESTAMPTZ(3),
    "field_errors" JSONB,
    "last_error" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "queued_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attempt" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" "AttemptKind" NOT NULL,
    "worker_id" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "outcome" "AttemptOutcome",
    "http_method" TEXT,
    "http_path" TEXT,
    "http_status" INTEGER,
    "duration_ms" INTEGER,
    "upstream_request_id" TEXT,
    "request" JSONB,
    "response" JSONB,
    "message" TEXT,

    CONSTRAINT "attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "actor_label" TEXT,
    "reseller_id" UUID,
    "order_id" UUID,
    "action" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "reason" TEXT,
    "chain_key" TEXT NOT NULL DEFAULT '',
    "chain_seq" INTEGER NOT NULL DEFAULT 0,
    "prev_hash" TEXT,
    "hash" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_verification" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ok" BOOLEAN NOT NULL,
    "checked_rows" INTEGER NOT NULL,
    "first_broken_id" BIGINT,
    "message" TEXT NOT NULL,

    CONSTRAINT "audit_verification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "login_throttle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "blocked_until" TIMESTAMPTZ(3),

    CONSTRAINT "login_throttle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "worker_heartbeat" (
    "worker_id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "queues" TEXT[],
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,
    "active" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "worker_heartbeat_pkey" PRIMARY KEY ("worker_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "reseller_slug_key" ON "reseller"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

-- CreateIndex
CREATE INDEX "app_user_reseller_id_idx" ON "app_user"("reseller_id");

-- CreateIndex
CREATE INDEX "customer_reseller_id_created_at_id_idx" ON "customer"("reseller_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "customer_reseller_id_name_key" ON "customer"("reseller_id", "name");

-- CreateIndex
CREATE INDEX "order_reseller_id_created_at_id_idx" ON "order"("reseller_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "order_reseller_id_status_created_at_id_idx" ON "order"("reseller_id", "status", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "order_reseller_id_kind_created_at_id_idx" ON "order"("reseller_id", "kind", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "order_reseller_id_customer_id_created_at_id_idx" ON "order"("reseller_id", "customer_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "order_created_at_id_idx" ON "order"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "order_status_created_at_id_idx" ON "order"("status", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "order_status_next_attempt_at_idx" ON "order"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "order_natural_key_idx" ON "order"("natural_key");

-- CreateIndex
CREATE INDEX "order_upstream_ref_idx" ON "order"("upstream_ref");

-- CreateIndex
CREATE INDEX "order_depends_on_order_id_idx" ON "order"("depends_on_order_id");

-- CreateIndex
CREATE UNIQUE INDEX "order_reseller_id_idempotency_key_key" ON "order"("reseller_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "attempt_started_at_idx" ON "attempt"("started_at");

-- CreateIndex
CREATE UNIQUE INDEX "attempt_order_id_number_key" ON "attempt"("order_id", "number");

-- CreateIndex
CREATE INDEX "audit_event_order_id_id_idx" ON "audit_event"("order_id", "id");

-- CreateIndex
CREATE INDEX "audit_event_reseller_id_at_idx" ON "audit_event"("reseller_id", "at");

-- CreateIndex
CREATE INDEX "audit_event_actor_id_at_idx" ON "audit_event"("actor_id", "at");

-- CreateIndex
CREATE INDEX "audit_event_action_at_idx" ON "audit_event"("action", "at");

-- CreateIndex
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_chain_key_chain_seq_key" ON "audit_event"("chain_key", "chain_seq");

-- AddForeignKey
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_reseller_id_fkey" FOREIGN KEY ("reseller_id") REFERENCES "reseller"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer" ADD CONSTRAINT "customer_reseller_id_fkey" FOREIGN KEY ("reseller_id") REFERENCES "reseller"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order" ADD CONSTRAINT "order_reseller_id_fkey" FOREIGN KEY ("reseller_id") REFERENCES "reseller"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order" ADD CONSTRAINT "order_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order" ADD CONSTRAINT "order_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order" ADD CONSTRAINT "order_depends_on_order_id_fkey" FOREIGN KEY ("depends_on_order_id") REFERENCES "order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attempt" ADD CONSTRAINT "attempt_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Audit log: append-only, hash-chained (docs/design.md, invariants). Written by hand: Prisma's schema
-- language has no triggers.
--
-- Each row belongs to a chain (its order, else its reseller, else the global chain) and gets the
-- next sequence number in that chain and the hash of the chain's previous row. The advisory lock
-- serializes inserts of one chain only, so unrelated orders never wait on each other.
-- The hashed text is built by audit_event_canonical(), which `npm run audit:verify` reuses.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION audit_event_canonical(e audit_event) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws('|',
    e.chain_key, e.chain_seq::text, coalesce(e.prev_hash, ''),
    to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    e.actor_type, coalesce(e.actor_id, ''), coalesce(e.actor_label, ''),
    coalesce(e.reseller_id::text, ''), coalesce(e.order_id::text, ''), e.action,
    coalesce(e.before::text, ''), coalesce(e.after::text, ''), coalesce(e.reason, ''))
$$;

CREATE FUNCTION audit_event_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_seq integer;
  last_hash text;
BEGIN
  NEW.chain_key := coalesce('order:' || NEW.order_id::text, 'reseller:' || NEW.reseller_id::text, 'global');
  PERFORM pg_advisory_xact_lock(hashtextextended(NEW.chain_key, 0));
  SELECT chain_seq, hash INTO last_seq, last_hash
    FROM audit_event WHERE chain_key = NEW.chain_key
    ORDER BY chain_seq DESC LIMIT 1;
  NEW.chain_seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := last_hash;
  NEW.hash := encode(sha256(convert_to(audit_event_canonical(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END
$$;

CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_chain();

CREATE FUNCTION audit_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
