-- 0018: the follow-up committee of the labelling (members, meetings, minutes, register of opinions linked to dossiers)
-- and the associations' space (patient-experience surveys with anonymous responses, collaborative actions).
-- Written from `maillage db script --provider sqlite`; SchemaScriptsTests checks it against the model.

CREATE TABLE "committee_meetings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_committee_meetings" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "Date" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Agenda" TEXT NULL,
    "MinutesFileName" TEXT NULL,
    "MinutesSize" INTEGER NULL,
    "MinutesPageCount" INTEGER NULL,
    "MinutesSha256" TEXT NULL,
    "MinutesUploadedBy" TEXT NULL,
    "MinutesUploadedAt" TEXT NULL
);

CREATE TABLE "committee_members" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_committee_members" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Organisation" TEXT NULL,
    "Seat" TEXT NOT NULL,
    "College" TEXT NOT NULL,
    "AppointedBy" TEXT NULL,
    "UserName" TEXT NULL,
    "From" TEXT NOT NULL,
    "To" TEXT NULL
);

CREATE TABLE "collaborative_actions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_collaborative_actions" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "AssociationId" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Description" TEXT NULL,
    "PartnerKind" TEXT NOT NULL,
    "PartnerId" TEXT NOT NULL,
    "Initiative" TEXT NOT NULL,
    "StartsOn" TEXT NOT NULL,
    "EndsOn" TEXT NULL,
    "Status" TEXT NOT NULL,
    CONSTRAINT "FK_collaborative_actions_associations_AssociationId" FOREIGN KEY ("AssociationId") REFERENCES "associations" ("Id") ON DELETE CASCADE
);

CREATE TABLE "patient_surveys" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_patient_surveys" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "AssociationId" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Introduction" TEXT NULL,
    "PartnerKind" TEXT NOT NULL,
    "PartnerId" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "OpensOn" TEXT NULL,
    "ClosesOn" TEXT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_patient_surveys_associations_AssociationId" FOREIGN KEY ("AssociationId") REFERENCES "associations" ("Id") ON DELETE CASCADE
);

CREATE TABLE "committee_minutes" (
    "MeetingId" TEXT NOT NULL CONSTRAINT "PK_committee_minutes" PRIMARY KEY,
    "Content" BLOB NOT NULL,
    CONSTRAINT "FK_committee_minutes_committee_meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "committee_meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "committee_opinions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_committee_opinions" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "DossierId" TEXT NOT NULL,
    "MeetingId" TEXT NULL,
    "Subject" TEXT NOT NULL,
    "Value" TEXT NOT NULL,
    "Reasons" TEXT NULL,
    "GivenOn" TEXT NOT NULL,
    "EnteredBy" TEXT NOT NULL,
    "EnteredAt" TEXT NOT NULL,
    CONSTRAINT "FK_committee_opinions_committee_meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "committee_meetings" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_committee_opinions_dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "dossiers" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "survey_questions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_survey_questions" PRIMARY KEY AUTOINCREMENT,
    "SurveyId" TEXT NOT NULL,
    "Position" INTEGER NOT NULL,
    "Text" TEXT NOT NULL,
    "Scale" TEXT NOT NULL,
    CONSTRAINT "FK_survey_questions_patient_surveys_SurveyId" FOREIGN KEY ("SurveyId") REFERENCES "patient_surveys" ("Id") ON DELETE CASCADE
);

CREATE TABLE "survey_responses" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_survey_responses" PRIMARY KEY AUTOINCREMENT,
    "SurveyId" TEXT NOT NULL,
    "EnteredAt" TEXT NOT NULL,
    CONSTRAINT "FK_survey_responses_patient_surveys_SurveyId" FOREIGN KEY ("SurveyId") REFERENCES "patient_surveys" ("Id") ON DELETE CASCADE
);

CREATE TABLE "survey_answers" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_survey_answers" PRIMARY KEY AUTOINCREMENT,
    "ResponseId" INTEGER NOT NULL,
    "QuestionId" INTEGER NOT NULL,
    "Choice" INTEGER NOT NULL,
    CONSTRAINT "FK_survey_answers_survey_questions_QuestionId" FOREIGN KEY ("QuestionId") REFERENCES "survey_questions" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_survey_answers_survey_responses_ResponseId" FOREIGN KEY ("ResponseId") REFERENCES "survey_responses" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_collaborative_actions_AssociationId" ON "collaborative_actions" ("AssociationId");

CREATE INDEX "IX_committee_meetings_Date" ON "committee_meetings" ("Date");

CREATE INDEX "IX_committee_opinions_DossierId" ON "committee_opinions" ("DossierId");

CREATE INDEX "IX_committee_opinions_MeetingId" ON "committee_opinions" ("MeetingId");

CREATE INDEX "IX_patient_surveys_AssociationId" ON "patient_surveys" ("AssociationId");

CREATE INDEX "IX_survey_answers_QuestionId" ON "survey_answers" ("QuestionId");

CREATE INDEX "IX_survey_answers_ResponseId" ON "survey_answers" ("ResponseId");

CREATE INDEX "IX_survey_questions_SurveyId" ON "survey_questions" ("SurveyId");

CREATE INDEX "IX_survey_responses_SurveyId" ON "survey_responses" ("SurveyId");
