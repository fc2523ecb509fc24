-- One job system (issue 11): import jobs run as Temporal activities, wherever a worker is; the uploaded file waits
-- for its activity here (a Temporal payload is capped at 2 MB, an upload is up to 50 MB) until the job is done or
-- failed, in parts of a few MB (bounded memory while it is written and read).

-- CreateTable
CREATE TABLE "import_job_payload" (
    "job_id" UUID NOT NULL,
    "format" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "actor" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "import_job_payload_pkey" PRIMARY KEY ("job_id")
);

-- CreateTable
CREATE TABLE "import_job_payload_part" (
    "job_id" UUID NOT NULL,
    "part" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "import_job_payload_part_pkey" PRIMARY KEY ("job_id","part")
);

-- AddForeignKey
ALTER TABLE "import_job_payload" ADD CONSTRAINT "import_job_payload_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "import_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_job_payload_part" ADD CONSTRAINT "import_job_payload_part_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "import_job_payload"("job_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The parts are stored as they are (an XLSX is compressed already; a CSV part is written once and read once)
ALTER TABLE "import_job_payload_part" ALTER COLUMN "content" SET STORAGE EXTERNAL;
