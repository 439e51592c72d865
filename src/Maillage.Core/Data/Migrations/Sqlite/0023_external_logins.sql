-- 0023: sign-in with ProConnect and Pro Santé Connect (issue 13 §8, docs/authentication.md): an account's RPPS (one
-- account per RPPS) and the identities of the federations linked to accounts. SchemaScriptsTests checks it against the model.

ALTER TABLE "AspNetUsers" ADD COLUMN "Rpps" TEXT NULL;

CREATE UNIQUE INDEX "IX_AspNetUsers_Rpps" ON "AspNetUsers" ("Rpps");

CREATE TABLE "external_logins" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_external_logins" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "Provider" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Identifier" TEXT NOT NULL,
    "LinkedAt" TEXT NOT NULL,
    "LastSignInAt" TEXT NOT NULL,
    CONSTRAINT "FK_external_logins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_external_logins_Provider_Subject" ON "external_logins" ("Provider", "Subject");

CREATE INDEX "IX_external_logins_UserId" ON "external_logins" ("UserId");
