-- DropTable
DROP TABLE "login_throttle";

-- CreateTable
CREATE TABLE "login_rate_limit" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "login_rate_limit_pkey" PRIMARY KEY ("key")
);
