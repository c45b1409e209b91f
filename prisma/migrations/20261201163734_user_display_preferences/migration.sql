-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "locale" TEXT,
ADD COLUMN     "time_zone" TEXT;
