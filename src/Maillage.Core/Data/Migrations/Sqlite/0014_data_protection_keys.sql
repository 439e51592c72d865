-- 0014: the ASP.NET Core data-protection key ring (Microsoft.AspNetCore.DataProtection.EntityFrameworkCore), so that a
-- sign-in cookie or an antiforgery token made by one web node is read by every other node (README, "Déployer plusieurs
-- nœuds"). SchemaScriptsTests checks it against the model.

CREATE TABLE "data_protection_keys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NULL
);
