-- The migration `prisma migrate dev` writes for the design's Prisma schema with provider = "mysql", in Prisma's own
-- form: INTEGER AUTO_INCREMENT ids, String as VARCHAR(191) (utf8mb4's old index limit), the long texts as TEXT
-- (`@db.Text` in the schema), DateTime as DATETIME(3), Json as JSON (LONGTEXT with a json_valid check on MariaDB),
-- unique indexes and the primary key inside CREATE TABLE, `<Table>_<field>_key` / `<Table>_<field>_fkey` names,
-- RESTRICT/CASCADE on foreign keys, utf8mb4_unicode_ci, and the _prisma_migrations table Prisma keeps beside them.
-- Written here by hand in that form (the npm registry, and so Prisma's engines, are not reachable from these
-- machines); load_into_mysql.py runs it. The schema it comes from:
--
--   model User        { id Int @id @default(autoincrement())  username String @unique  hashedPassword String
--                       email String? @unique  createdAt DateTime @default(now())  workflows Workflow[]  integrations Integration[] }
--   model Workflow    { id Int @id @default(autoincrement())  name String  description String? @db.Text
--                       naturalLanguageDescription String @db.Text  structuredDefinition Json  createdAt DateTime @default(now())
--                       updatedAt DateTime @updatedAt  ownerId Int  owner User @relation(fields: [ownerId], references: [id])  runs WorkflowRun[] }
--   model Integration { id Int @id @default(autoincrement())  serverName String  config Json  createdAt DateTime @default(now())
--                       ownerId Int  owner User @relation(fields: [ownerId], references: [id]) }
--   model WorkflowRun { id Int @id @default(autoincrement())  triggeredAt DateTime @default(now())  status String
--                       triggerData Json?  outputData Json?  errorMessage String? @db.Text  workflowId Int
--                       workflow Workflow @relation(fields: [workflowId], references: [id]) }
CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             DATETIME(3),
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          DATETIME(3),
    started_at              DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    applied_steps_count     INTEGER UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `User` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `username` VARCHAR(191) NOT NULL,
    `hashedPassword` VARCHAR(191) NOT NULL,
    `email` VARCHAR(191) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX `User_username_key`(`username`),
    UNIQUE INDEX `User_email_key`(`email`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Workflow` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `name` VARCHAR(191) NOT NULL,
    `description` TEXT NULL,
    `naturalLanguageDescription` TEXT NOT NULL,
    `structuredDefinition` JSON NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    `ownerId` INTEGER NOT NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Integration` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `serverName` VARCHAR(191) NOT NULL,
    `config` JSON NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `ownerId` INTEGER NOT NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `WorkflowRun` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `triggeredAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `status` VARCHAR(191) NOT NULL,
    `triggerData` JSON NULL,
    `outputData` JSON NULL,
    `errorMessage` TEXT NULL,
    `workflowId` INTEGER NOT NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `Workflow` ADD CONSTRAINT `Workflow_ownerId_fkey` FOREIGN KEY (`ownerId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Integration` ADD CONSTRAINT `Integration_ownerId_fkey` FOREIGN KEY (`ownerId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `WorkflowRun` ADD CONSTRAINT `WorkflowRun_workflowId_fkey` FOREIGN KEY (`workflowId`) REFERENCES `Workflow`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
