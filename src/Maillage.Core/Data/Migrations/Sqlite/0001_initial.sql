CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);


CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "Role" TEXT NOT NULL,
    "ScopeId" TEXT NULL,
    "DisplayName" TEXT NULL,
    "IsDemo" INTEGER NOT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" TEXT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);


CREATE TABLE "associations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_associations" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Acronym" TEXT NULL,
    "Website" TEXT NULL,
    "DepartementCode" TEXT NULL
);


CREATE TABLE "audit_entries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_audit_entries" PRIMARY KEY AUTOINCREMENT,
    "At" TEXT NOT NULL,
    "UserName" TEXT NOT NULL,
    "Entity" TEXT NOT NULL,
    "EntityId" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Before" TEXT NULL,
    "After" TEXT NULL,
    "Origin" TEXT NULL
);


CREATE TABLE "dataset_info" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_dataset_info" PRIMARY KEY,
    "Value" TEXT NOT NULL
);


CREATE TABLE "erns" (
    "Acronym" TEXT NOT NULL CONSTRAINT "PK_erns" PRIMARY KEY,
    "Name" TEXT NOT NULL
);


CREATE TABLE "labelling_periods" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_labelling_periods" PRIMARY KEY,
    "Scope" TEXT NOT NULL,
    "Start" TEXT NOT NULL,
    "End" TEXT NOT NULL,
    "Reference" TEXT NULL
);


CREATE TABLE "orpha_diseases" (
    "Code" INTEGER NOT NULL CONSTRAINT "PK_orpha_diseases" PRIMARY KEY,
    "NameEn" TEXT NOT NULL,
    "NameFr" TEXT NULL,
    "Status" TEXT NOT NULL,
    "ClassificationLevel" TEXT NULL,
    "DisorderType" TEXT NULL,
    "Synonyms" TEXT NULL,
    "RedirectTo" INTEGER NULL
);


CREATE TABLE "orpha_edges" (
    "ParentCode" INTEGER NOT NULL,
    "ChildCode" INTEGER NOT NULL,
    "ClassificationId" INTEGER NOT NULL,
    CONSTRAINT "PK_orpha_edges" PRIMARY KEY ("ClassificationId", "ParentCode", "ChildCode")
);


CREATE TABLE "people" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_people" PRIMARY KEY,
    "FirstName" TEXT NOT NULL,
    "LastName" TEXT NOT NULL,
    "Title" TEXT NULL,
    "Rpps" TEXT NULL,
    "Status" TEXT NOT NULL,
    "BirthDate" TEXT NULL,
    "ClinicalActivity" INTEGER NOT NULL,
    "Email" TEXT NULL
);


CREATE TABLE "regions" (
    "Code" TEXT NOT NULL CONSTRAINT "PK_regions" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "ArsName" TEXT NULL,
    "Population" INTEGER NOT NULL,
    "Overseas" INTEGER NOT NULL
);


CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);


CREATE TABLE "api_tokens" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_api_tokens" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Prefix" TEXT NOT NULL,
    "Hash" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NULL,
    "RevokedAt" TEXT NULL,
    "LastUsedAt" TEXT NULL,
    CONSTRAINT "FK_api_tokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "association_conventions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_association_conventions" PRIMARY KEY AUTOINCREMENT,
    "AssociationId" TEXT NOT NULL,
    "TargetKind" TEXT NOT NULL,
    "TargetId" TEXT NOT NULL,
    "SignedOn" TEXT NOT NULL,
    "EndsOn" TEXT NULL,
    CONSTRAINT "FK_association_conventions_associations_AssociationId" FOREIGN KEY ("AssociationId") REFERENCES "associations" ("Id") ON DELETE CASCADE
);


CREATE TABLE "departements" (
    "Code" TEXT NOT NULL CONSTRAINT "PK_departements" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "RegionCode" TEXT NOT NULL,
    "Population" INTEGER NOT NULL,
    CONSTRAINT "FK_departements_regions_RegionCode" FOREIGN KEY ("RegionCode") REFERENCES "regions" ("Code") ON DELETE RESTRICT
);


CREATE TABLE "establishments" (
    "Finess" TEXT NOT NULL CONSTRAINT "PK_establishments" PRIMARY KEY,
    "Level" TEXT NOT NULL,
    "LegalEntityFiness" TEXT NULL,
    "Name" TEXT NOT NULL,
    "Category" TEXT NOT NULL,
    "Commune" TEXT NULL,
    "PostalCode" TEXT NULL,
    "DepartementCode" TEXT NOT NULL,
    "GroupName" TEXT NULL,
    "Latitude" REAL NULL,
    "Longitude" REAL NULL,
    CONSTRAINT "FK_establishments_departements_DepartementCode" FOREIGN KEY ("DepartementCode") REFERENCES "departements" ("Code") ON DELETE RESTRICT,
    CONSTRAINT "FK_establishments_establishments_LegalEntityFiness" FOREIGN KEY ("LegalEntityFiness") REFERENCES "establishments" ("Finess") ON DELETE RESTRICT
);


CREATE TABLE "filieres" (
    "Acronym" TEXT NOT NULL CONSTRAINT "PK_filieres" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "HostFiness" TEXT NULL,
    "HostUnverified" INTEGER NOT NULL,
    "Website" TEXT NULL,
    CONSTRAINT "FK_filieres_establishments_HostFiness" FOREIGN KEY ("HostFiness") REFERENCES "establishments" ("Finess") ON DELETE RESTRICT
);


CREATE TABLE "platforms" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_platforms" PRIMARY KEY,
    "Kind" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "HostFiness" TEXT NOT NULL,
    "RegionCode" TEXT NULL,
    CONSTRAINT "FK_platforms_establishments_HostFiness" FOREIGN KEY ("HostFiness") REFERENCES "establishments" ("Finess") ON DELETE RESTRICT,
    CONSTRAINT "FK_platforms_regions_RegionCode" FOREIGN KEY ("RegionCode") REFERENCES "regions" ("Code") ON DELETE RESTRICT
);


CREATE TABLE "filiere_erns" (
    "FiliereAcronym" TEXT NOT NULL,
    "ErnAcronym" TEXT NOT NULL,
    "IsMain" INTEGER NOT NULL,
    CONSTRAINT "PK_filiere_erns" PRIMARY KEY ("FiliereAcronym", "ErnAcronym"),
    CONSTRAINT "FK_filiere_erns_erns_ErnAcronym" FOREIGN KEY ("ErnAcronym") REFERENCES "erns" ("Acronym") ON DELETE RESTRICT,
    CONSTRAINT "FK_filiere_erns_filieres_FiliereAcronym" FOREIGN KEY ("FiliereAcronym") REFERENCES "filieres" ("Acronym") ON DELETE CASCADE
);


CREATE TABLE "networks" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_networks" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Acronym" TEXT NULL,
    "FiliereAcronym" TEXT NOT NULL,
    "Field" TEXT NOT NULL,
    "AgeValence" TEXT NOT NULL,
    CONSTRAINT "FK_networks_filieres_FiliereAcronym" FOREIGN KEY ("FiliereAcronym") REFERENCES "filieres" ("Acronym") ON DELETE RESTRICT
);


CREATE TABLE "platform_establishments" (
    "PlatformId" TEXT NOT NULL,
    "Finess" TEXT NOT NULL,
    CONSTRAINT "PK_platform_establishments" PRIMARY KEY ("PlatformId", "Finess"),
    CONSTRAINT "FK_platform_establishments_establishments_Finess" FOREIGN KEY ("Finess") REFERENCES "establishments" ("Finess") ON DELETE RESTRICT,
    CONSTRAINT "FK_platform_establishments_platforms_PlatformId" FOREIGN KEY ("PlatformId") REFERENCES "platforms" ("Id") ON DELETE CASCADE
);


CREATE TABLE "centres" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_centres" PRIMARY KEY,
    "Kind" TEXT NOT NULL,
    "Role" TEXT NULL,
    "NetworkId" TEXT NULL,
    "ResourceKind" TEXT NULL,
    "Name" TEXT NOT NULL,
    "EstablishmentFiness" TEXT NOT NULL,
    "PredecessorId" TEXT NULL,
    "Phone" TEXT NULL,
    "Email" TEXT NULL,
    "Website" TEXT NULL,
    "ClosedOn" TEXT NULL,
    CONSTRAINT "FK_centres_centres_PredecessorId" FOREIGN KEY ("PredecessorId") REFERENCES "centres" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_centres_establishments_EstablishmentFiness" FOREIGN KEY ("EstablishmentFiness") REFERENCES "establishments" ("Finess") ON DELETE RESTRICT,
    CONSTRAINT "FK_centres_networks_NetworkId" FOREIGN KEY ("NetworkId") REFERENCES "networks" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "network_diseases" (
    "NetworkId" TEXT NOT NULL,
    "OrphaCode" INTEGER NOT NULL,
    CONSTRAINT "PK_network_diseases" PRIMARY KEY ("NetworkId", "OrphaCode"),
    CONSTRAINT "FK_network_diseases_networks_NetworkId" FOREIGN KEY ("NetworkId") REFERENCES "networks" ("Id") ON DELETE CASCADE
);


CREATE TABLE "network_erns" (
    "NetworkId" TEXT NOT NULL,
    "ErnAcronym" TEXT NOT NULL,
    CONSTRAINT "PK_network_erns" PRIMARY KEY ("NetworkId", "ErnAcronym"),
    CONSTRAINT "FK_network_erns_erns_ErnAcronym" FOREIGN KEY ("ErnAcronym") REFERENCES "erns" ("Acronym") ON DELETE RESTRICT,
    CONSTRAINT "FK_network_erns_networks_NetworkId" FOREIGN KEY ("NetworkId") REFERENCES "networks" ("Id") ON DELETE CASCADE
);


CREATE TABLE "centre_attachments" (
    "CentreId" TEXT NOT NULL,
    "NetworkId" TEXT NOT NULL,
    CONSTRAINT "PK_centre_attachments" PRIMARY KEY ("CentreId", "NetworkId"),
    CONSTRAINT "FK_centre_attachments_centres_CentreId" FOREIGN KEY ("CentreId") REFERENCES "centres" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_centre_attachments_networks_NetworkId" FOREIGN KEY ("NetworkId") REFERENCES "networks" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "labels" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_labels" PRIMARY KEY AUTOINCREMENT,
    "PeriodId" TEXT NOT NULL,
    "NetworkId" TEXT NULL,
    "CentreId" TEXT NULL,
    "PlatformId" TEXT NULL,
    "FiliereAcronym" TEXT NULL,
    "Decision" TEXT NOT NULL,
    "ValidFrom" TEXT NOT NULL,
    "ValidTo" TEXT NULL,
    "Note" TEXT NULL,
    CONSTRAINT "FK_labels_centres_CentreId" FOREIGN KEY ("CentreId") REFERENCES "centres" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_labels_filieres_FiliereAcronym" FOREIGN KEY ("FiliereAcronym") REFERENCES "filieres" ("Acronym") ON DELETE CASCADE,
    CONSTRAINT "FK_labels_labelling_periods_PeriodId" FOREIGN KEY ("PeriodId") REFERENCES "labelling_periods" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_labels_networks_NetworkId" FOREIGN KEY ("NetworkId") REFERENCES "networks" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_labels_platforms_PlatformId" FOREIGN KEY ("PlatformId") REFERENCES "platforms" ("Id") ON DELETE CASCADE
);


CREATE TABLE "mandates" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_mandates" PRIMARY KEY AUTOINCREMENT,
    "PersonId" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "CentreId" TEXT NULL,
    "FiliereAcronym" TEXT NULL,
    "PlatformId" TEXT NULL,
    "From" TEXT NOT NULL,
    "To" TEXT NULL,
    CONSTRAINT "FK_mandates_centres_CentreId" FOREIGN KEY ("CentreId") REFERENCES "centres" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_mandates_filieres_FiliereAcronym" FOREIGN KEY ("FiliereAcronym") REFERENCES "filieres" ("Acronym") ON DELETE RESTRICT,
    CONSTRAINT "FK_mandates_people_PersonId" FOREIGN KEY ("PersonId") REFERENCES "people" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_mandates_platforms_PlatformId" FOREIGN KEY ("PlatformId") REFERENCES "platforms" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "platform_centres" (
    "PlatformId" TEXT NOT NULL,
    "CentreId" TEXT NOT NULL,
    CONSTRAINT "PK_platform_centres" PRIMARY KEY ("PlatformId", "CentreId"),
    CONSTRAINT "FK_platform_centres_centres_CentreId" FOREIGN KEY ("CentreId") REFERENCES "centres" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_platform_centres_platforms_PlatformId" FOREIGN KEY ("PlatformId") REFERENCES "platforms" ("Id") ON DELETE CASCADE
);


CREATE UNIQUE INDEX "IX_api_tokens_Hash" ON "api_tokens" ("Hash");


CREATE INDEX "IX_api_tokens_UserId" ON "api_tokens" ("UserId");


CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");


CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");


CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");


CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");


CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");


CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");


CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");


CREATE INDEX "IX_association_conventions_AssociationId" ON "association_conventions" ("AssociationId");


CREATE INDEX "IX_association_conventions_TargetKind_TargetId" ON "association_conventions" ("TargetKind", "TargetId");


CREATE INDEX "IX_audit_entries_Entity_EntityId" ON "audit_entries" ("Entity", "EntityId");


CREATE INDEX "IX_centre_attachments_NetworkId" ON "centre_attachments" ("NetworkId");


CREATE INDEX "IX_centres_EstablishmentFiness" ON "centres" ("EstablishmentFiness");


CREATE INDEX "IX_centres_Kind" ON "centres" ("Kind");


CREATE INDEX "IX_centres_NetworkId" ON "centres" ("NetworkId");


CREATE INDEX "IX_centres_PredecessorId" ON "centres" ("PredecessorId");


CREATE INDEX "IX_departements_RegionCode" ON "departements" ("RegionCode");


CREATE INDEX "IX_establishments_DepartementCode" ON "establishments" ("DepartementCode");


CREATE INDEX "IX_establishments_LegalEntityFiness" ON "establishments" ("LegalEntityFiness");


CREATE INDEX "IX_filiere_erns_ErnAcronym" ON "filiere_erns" ("ErnAcronym");


CREATE INDEX "IX_filieres_HostFiness" ON "filieres" ("HostFiness");


CREATE INDEX "IX_labels_CentreId" ON "labels" ("CentreId");


CREATE INDEX "IX_labels_FiliereAcronym" ON "labels" ("FiliereAcronym");


CREATE INDEX "IX_labels_NetworkId" ON "labels" ("NetworkId");


CREATE INDEX "IX_labels_PeriodId" ON "labels" ("PeriodId");


CREATE INDEX "IX_labels_PlatformId" ON "labels" ("PlatformId");


CREATE INDEX "IX_mandates_CentreId" ON "mandates" ("CentreId");


CREATE INDEX "IX_mandates_FiliereAcronym" ON "mandates" ("FiliereAcronym");


CREATE INDEX "IX_mandates_PersonId" ON "mandates" ("PersonId");


CREATE INDEX "IX_mandates_PlatformId" ON "mandates" ("PlatformId");


CREATE INDEX "IX_network_diseases_OrphaCode" ON "network_diseases" ("OrphaCode");


CREATE INDEX "IX_network_erns_ErnAcronym" ON "network_erns" ("ErnAcronym");


CREATE INDEX "IX_networks_FiliereAcronym" ON "networks" ("FiliereAcronym");


CREATE INDEX "IX_orpha_edges_ChildCode" ON "orpha_edges" ("ChildCode");


CREATE INDEX "IX_orpha_edges_ParentCode" ON "orpha_edges" ("ParentCode");


CREATE UNIQUE INDEX "IX_people_Rpps" ON "people" ("Rpps");


CREATE INDEX "IX_platform_centres_CentreId" ON "platform_centres" ("CentreId");


CREATE INDEX "IX_platform_establishments_Finess" ON "platform_establishments" ("Finess");


CREATE INDEX "IX_platforms_HostFiness" ON "platforms" ("HostFiness");


CREATE INDEX "IX_platforms_RegionCode" ON "platforms" ("RegionCode");


