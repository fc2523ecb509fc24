-- notice-service: public notices (公示/公告) as batches of households, their entries, objections (异议) with receipt codes,
-- and the objection rate-limit log. Generated with prisma migrate diff from schema.prisma, plus CHECK constraints at the end.
-- CreateEnum
CREATE TYPE "NoticeKind" AS ENUM ('village_notice', 'township_notice', 'county_announcement');

-- CreateEnum
CREATE TYPE "NoticeProcedure" AS ENUM ('identification', 'exit', 'monitoring');

-- CreateEnum
CREATE TYPE "ObjectionStatus" AS ENUM ('pending', 'upheld', 'dismissed');

-- CreateTable
CREATE TABLE "notice" (
    "id" UUID NOT NULL,
    "kind" "NoticeKind" NOT NULL,
    "procedure" "NoticeProcedure" NOT NULL,
    "division_code" VARCHAR(12) NOT NULL,
    "title_zh" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,
    "duration_seconds" INTEGER NOT NULL,
    "owner_workflow_id" TEXT NOT NULL,
    "input_hash" TEXT NOT NULL,
    "entry_count" INTEGER NOT NULL,
    "opens_at" TIMESTAMPTZ(3) NOT NULL,
    "closes_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notice_entry" (
    "notice_id" UUID NOT NULL,
    "entry_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "head_name" TEXT NOT NULL,
    "head_id_number" VARCHAR(18) NOT NULL,
    "phone" TEXT,
    "village_code" VARCHAR(12) NOT NULL,
    "member_count" INTEGER NOT NULL,
    "decision" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "notice_entry_pkey" PRIMARY KEY ("notice_id","entry_id")
);

-- CreateTable
CREATE TABLE "objection" (
    "id" UUID NOT NULL,
    "notice_id" UUID NOT NULL,
    "entry_id" UUID,
    "text" TEXT NOT NULL,
    "contact" TEXT,
    "receipt_code" VARCHAR(12) NOT NULL,
    "client_key" TEXT NOT NULL,
    "status" "ObjectionStatus" NOT NULL DEFAULT 'pending',
    "answer_reason" TEXT,
    "answered_by_subject" TEXT,
    "answered_by_role" TEXT,
    "answered_by_jurisdiction" TEXT,
    "answered_at" TIMESTAMPTZ(3),
    "filed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "objection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "objection_attempt" (
    "id" BIGSERIAL NOT NULL,
    "client_key" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "objection_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "notice_opens_at_id_idx" ON "notice"("opens_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "notice_owner_workflow_id_idx" ON "notice"("owner_workflow_id");

-- CreateIndex
CREATE INDEX "notice_entry_village_code_notice_id_idx" ON "notice_entry"("village_code", "notice_id");

-- CreateIndex
CREATE UNIQUE INDEX "notice_entry_notice_id_position_key" ON "notice_entry"("notice_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "objection_receipt_code_key" ON "objection"("receipt_code");

-- CreateIndex
CREATE INDEX "objection_notice_id_filed_at_idx" ON "objection"("notice_id", "filed_at");

-- CreateIndex
CREATE INDEX "objection_attempt_client_key_at_idx" ON "objection_attempt"("client_key", "at");

-- CreateIndex
CREATE INDEX "objection_attempt_at_idx" ON "objection_attempt"("at");

-- AddForeignKey
ALTER TABLE "notice_entry" ADD CONSTRAINT "notice_entry_notice_id_fkey" FOREIGN KEY ("notice_id") REFERENCES "notice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "objection" ADD CONSTRAINT "objection_notice_id_fkey" FOREIGN KEY ("notice_id") REFERENCES "notice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "objection" ADD CONSTRAINT "objection_notice_id_entry_id_fkey" FOREIGN KEY ("notice_id", "entry_id") REFERENCES "notice_entry"("notice_id", "entry_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Rules the database keeps even if the application forgets them (Prisma does not model CHECK constraints).
ALTER TABLE "notice" ADD CONSTRAINT "notice_duration_positive" CHECK ("duration_seconds" > 0);
ALTER TABLE "notice" ADD CONSTRAINT "notice_entry_count_positive" CHECK ("entry_count" > 0);
ALTER TABLE "notice" ADD CONSTRAINT "notice_closes_after_opens" CHECK ("closes_at" > "opens_at");
ALTER TABLE "notice_entry" ADD CONSTRAINT "notice_entry_member_count_positive" CHECK ("member_count" > 0);
ALTER TABLE "objection" ADD CONSTRAINT "objection_text_length" CHECK (char_length("text") BETWEEN 1 AND 1000);
ALTER TABLE "objection" ADD CONSTRAINT "objection_answer_complete" CHECK (("status" = 'pending') = ("answered_at" IS NULL) AND ("status" = 'pending') = ("answer_reason" IS NULL));
