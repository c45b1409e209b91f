-- AlterTable
ALTER TABLE "reseller" ADD COLUMN     "grommunio_org_id" INTEGER,
ADD COLUMN     "qboxmail_customer_code" TEXT,
ADD COLUMN     "qboxmail_outbound_limit_id" INTEGER;

-- CreateTable
CREATE TABLE "shared_grommunio_server" (
    "id" UUID NOT NULL,
    "reseller_id" UUID NOT NULL,
    "server_id" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "shared_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shared_grommunio_server_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "shared_grommunio_server_reseller_id_server_id_key" ON "shared_grommunio_server"("reseller_id", "server_id");

-- CreateIndex
CREATE UNIQUE INDEX "reseller_grommunio_org_id_key" ON "reseller"("grommunio_org_id");

-- CreateIndex
CREATE UNIQUE INDEX "reseller_qboxmail_customer_code_key" ON "reseller"("qboxmail_customer_code");

-- AddForeignKey
ALTER TABLE "shared_grommunio_server" ADD CONSTRAINT "shared_grommunio_server_reseller_id_fkey" FOREIGN KEY ("reseller_id") REFERENCES "reseller"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
