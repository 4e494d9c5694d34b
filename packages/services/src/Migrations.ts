/**
 * The schema of the SQL Store, one migration per change, the same for SQLite and PostgreSQL. Every
 * table is keyed by (tenant_id, id) — clustered by tenant, the distribution key of a sharded
 * deployment — and indexed by (tenant_id, filter column, sort column, id) for keyset pagination.
 * PostgreSQL keeps documents as `jsonb` and compares text byte-wise (`COLLATE "C"`), so both
 * backends sort exactly as the in-memory store does.
 */
import { Effect, Layer } from "effect"
import { Migrator, SqlClient } from "effect/sql"

interface TableSpec {
  readonly name: string
  readonly columns: ReadonlyArray<string>
  /** Index column lists, each prefixed by tenant_id and suffixed by id. */
  readonly indexes: ReadonlyArray<ReadonlyArray<string>>
  readonly foreignKeys?: ReadonlyArray<readonly [column: string, table: string]>
}

/** The tables as of migration 1. Later changes are new migrations, never edits of this list. */
const initialTables: ReadonlyArray<TableSpec> = [
  { name: "tenants", columns: [], indexes: [] },
  {
    name: "organisations",
    columns: ["kind", "parent_id", "project_id"],
    indexes: [["kind", "id"], ["parent_id", "id"], ["project_id"]],
    foreignKeys: [["parent_id", "organisations"]]
  },
  {
    name: "members",
    columns: ["home_branch_id", "role", "name"],
    indexes: [["name"], ["home_branch_id", "name"], ["role", "name"]],
    foreignKeys: [["home_branch_id", "organisations"]]
  },
  { name: "projects", columns: ["branch_id", "kind"], indexes: [["branch_id"], ["kind"]] },
  {
    name: "zones",
    columns: ["branch_id", "responsible_member_id", "code"],
    indexes: [["code"], ["branch_id", "code"], ["responsible_member_id", "code"]],
    foreignKeys: [
      ["branch_id", "organisations"],
      ["responsible_member_id", "members"]
    ]
  },
  {
    name: "teams",
    columns: ["branch_id", "kind", "case_id"],
    indexes: [["branch_id"], ["kind"], ["case_id"]],
    foreignKeys: [["branch_id", "organisations"]]
  },
  {
    name: "pioneer_posts",
    columns: ["branch_id", "project_id", "zone_id"],
    indexes: [["branch_id"], ["project_id"], ["zone_id"]],
    foreignKeys: [["branch_id", "organisations"]]
  },
  { name: "campaigns", columns: ["branch_id"], indexes: [["branch_id"]] },
  {
    name: "service_events",
    columns: [
      "branch_id",
      "category",
      "date",
      "zone_id",
      "project_id",
      "community_id",
      "pioneer_post_id",
      "campaign_id"
    ],
    indexes: [
      ["date"],
      ["branch_id", "date"],
      ["category", "date"],
      ["branch_id", "category", "date"],
      ["zone_id", "date"],
      ["project_id", "date"],
      ["community_id", "date"],
      ["pioneer_post_id", "date"],
      ["campaign_id", "date"]
    ],
    foreignKeys: [["branch_id", "organisations"]]
  },
  {
    name: "patrol_logs",
    columns: ["zone_id", "member_id", "started_at"],
    indexes: [["started_at"], ["zone_id", "started_at"], ["member_id", "started_at"]],
    foreignKeys: [
      ["zone_id", "zones"],
      ["member_id", "members"]
    ]
  },
  {
    name: "cases",
    columns: ["branch_id", "zone_id", "kind", "status", "opened_at"],
    indexes: [
      ["opened_at"],
      ["branch_id", "opened_at"],
      ["zone_id", "opened_at"],
      ["kind", "opened_at"],
      ["status", "opened_at"]
    ],
    foreignKeys: [["branch_id", "organisations"]]
  },
  {
    name: "micro_wishes",
    columns: ["branch_id", "community_id", "status", "posted_at"],
    indexes: [
      ["posted_at"],
      ["branch_id", "posted_at"],
      ["community_id", "posted_at"],
      ["status", "posted_at"]
    ],
    foreignKeys: [
      ["branch_id", "organisations"],
      ["community_id", "organisations"]
    ]
  },
  {
    name: "audit_log",
    columns: ["entity", "entity_id", "actor", "at"],
    indexes: [["at"], ["entity", "entity_id", "at"], ["actor", "at"]]
  }
]

/**
 * Migration 2: bearer tokens of the API and the `Idempotency-Key`s of its creates. A token is presented
 * without its tenant, so its id is unique on its own and indexed alone; keys are purged by age across
 * tenants, so `created_at` is indexed alone.
 */
const accessTokensAndIdempotency: ReadonlyArray<TableSpec> = [
  {
    name: "access_tokens",
    columns: ["role", "branch_id", "member_id", "issued_at"],
    indexes: [["issued_at"], ["role", "issued_at"], ["branch_id", "issued_at"], ["member_id", "issued_at"]],
    foreignKeys: [
      ["branch_id", "organisations"],
      ["member_id", "members"]
    ]
  },
  { name: "idempotency_keys", columns: [], indexes: [] }
]

const createTable = (spec: TableSpec, dialect: "sqlite" | "pg"): Array<string> => {
  const text = dialect === "pg" ? `text COLLATE "C"` : "TEXT"
  const json = dialect === "pg" ? "jsonb" : "TEXT"
  const lines = [
    `tenant_id ${text} NOT NULL`,
    `id ${text} NOT NULL`,
    "version INTEGER NOT NULL",
    `doc ${json} NOT NULL`,
    `natural_key ${text}`,
    `created_at ${text} NOT NULL`,
    `updated_at ${text} NOT NULL`,
    ...spec.columns.map((column) => `${column} ${text}`),
    "PRIMARY KEY (tenant_id, id)",
    "UNIQUE (tenant_id, natural_key)",
    // a tenant's row has tenant_id = id, so tenant_id alone is unique there and can be referenced
    ...(spec.name === "tenants"
      ? ["UNIQUE (tenant_id)"]
      : ["FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id)"]),
    ...(spec.foreignKeys ?? []).map(
      ([column, table]) => `FOREIGN KEY (tenant_id, ${column}) REFERENCES ${table} (tenant_id, id)`
    )
  ]
  const statements = [`CREATE TABLE ${spec.name} (\n  ${lines.join(",\n  ")}\n)`]
  for (const columns of spec.indexes) {
    const list = ["tenant_id", ...columns, ...(columns.includes("id") ? [] : ["id"])]
    statements.push(`CREATE INDEX ${spec.name}_by_${columns.join("_")} ON ${spec.name} (${list.join(", ")})`)
  }
  return statements
}

const run = (statements: (dialect: "sqlite" | "pg") => ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const dialect = sql.onDialectOrElse({ pg: () => "pg" as const, orElse: () => "sqlite" as const })
    for (const statement of statements(dialect)) yield* sql.unsafe(statement)
  })

/**
 * Migration 3: a revision per tenant of the records reports read, bumped in the transaction of every
 * write to them — by triggers, so every writer (API, importer, restore, a hand-run statement) bumps it
 * — so a computed report can be reused until its tenant's data changes. SQLite bumps once per row;
 * PostgreSQL once per statement, and only on the first statement of a transaction that touches the
 * tenant (the row remembers the transaction), so a million-row import does not leave a million
 * versions of one row.
 */
export const revisedTables = [
  "organisations",
  "zones",
  "pioneer_posts",
  "service_events",
  "micro_wishes",
  "cases"
] as const

const tenantRevisions = (dialect: "sqlite" | "pg"): Array<string> => {
  if (dialect === "sqlite") {
    const statements = [
      "CREATE TABLE tenant_revisions (tenant_id TEXT PRIMARY KEY, revision INTEGER NOT NULL)"
    ]
    for (const table of revisedTables) {
      for (const [event, row] of [
        ["INSERT", "NEW"],
        ["UPDATE", "NEW"],
        ["DELETE", "OLD"]
      ] as const) {
        statements.push(
          `CREATE TRIGGER ${table}_revision_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN
  INSERT INTO tenant_revisions (tenant_id, revision) VALUES (${row}.tenant_id, 1)
    ON CONFLICT (tenant_id) DO UPDATE SET revision = revision + 1;
END`
        )
      }
    }
    return statements
  }
  const bump = (changed: string) => `INSERT INTO tenant_revisions (tenant_id, revision, xid)
    SELECT DISTINCT tenant_id, 1, txid_current() FROM ${changed}
    ON CONFLICT (tenant_id) DO UPDATE SET revision = tenant_revisions.revision + 1, xid = txid_current()
    WHERE tenant_revisions.xid IS DISTINCT FROM txid_current();`
  const statements = [
    `CREATE TABLE tenant_revisions (tenant_id text COLLATE "C" PRIMARY KEY, revision bigint NOT NULL, xid bigint)`,
    `CREATE FUNCTION bishui_revise() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${bump("changed")} RETURN NULL; END $$`
  ]
  for (const table of revisedTables) {
    statements.push(
      `CREATE TRIGGER ${table}_revision_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bishui_revise()`,
      `CREATE TRIGGER ${table}_revision_update AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bishui_revise()`,
      `CREATE TRIGGER ${table}_revision_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bishui_revise()`
    )
  }
  return statements
}

/**
 * Migration 4: periods in the tenant's time zone, and figures that link exactly. Two index columns —
 * when a wish was fulfilled, when a case was fixed (resolved, or repaired for an emergency) — filled
 * from the stored documents, so the annual report reads a year's fulfilled wishes and fixed
 * emergencies by the UTC range of its local days, and their figures' links list exactly those.
 * Tenants join the revised tables: a report cut in the tenant's zone is recomputed when the zone changes.
 */
const periodColumns = (dialect: "sqlite" | "pg"): Array<string> => {
  const text = dialect === "pg" ? `text COLLATE "C"` : "TEXT"
  const fixedStage = `CASE ${dialect === "pg" ? "cases.doc->>'kind'" : "json_extract(cases.doc, '$.kind')"} WHEN 'emergency' THEN 'repaired' ELSE 'resolved' END`
  const statements = [
    `ALTER TABLE micro_wishes ADD COLUMN fulfilled_at ${text}`,
    `ALTER TABLE cases ADD COLUMN fixed_at ${text}`,
    dialect === "pg"
      ? `UPDATE micro_wishes SET fulfilled_at = doc->'state'->>'fulfilledAt' WHERE doc->'state'->>'_tag' = 'Fulfilled'`
      : `UPDATE micro_wishes SET fulfilled_at = json_extract(doc, '$.state.fulfilledAt') WHERE json_extract(doc, '$.state._tag') = 'Fulfilled'`,
    dialect === "pg"
      ? `UPDATE cases SET fixed_at = (SELECT s.stage->>'at' FROM jsonb_array_elements(cases.doc->'stages') WITH ORDINALITY AS s(stage, n) WHERE s.stage->>'stage' = ${fixedStage} ORDER BY s.n LIMIT 1)`
      : `UPDATE cases SET fixed_at = (SELECT json_extract(s.value, '$.at') FROM json_each(cases.doc, '$.stages') AS s WHERE json_extract(s.value, '$.stage') = ${fixedStage} ORDER BY s.key LIMIT 1)`
  ]
  for (const [table, columns] of [
    ["micro_wishes", ["fulfilled_at"]],
    ["micro_wishes", ["branch_id", "fulfilled_at"]],
    ["cases", ["fixed_at"]],
    ["cases", ["kind", "fixed_at"]],
    ["cases", ["branch_id", "fixed_at"]]
  ] as const) {
    statements.push(
      `CREATE INDEX ${table}_by_${columns.join("_")} ON ${table} (tenant_id, ${columns.join(", ")}, id)`
    )
  }
  if (dialect === "sqlite") {
    for (const [event, row] of [
      ["INSERT", "NEW"],
      ["UPDATE", "NEW"],
      ["DELETE", "OLD"]
    ] as const) {
      statements.push(
        `CREATE TRIGGER tenants_revision_${event.toLowerCase()} AFTER ${event} ON tenants BEGIN
  INSERT INTO tenant_revisions (tenant_id, revision) VALUES (${row}.tenant_id, 1)
    ON CONFLICT (tenant_id) DO UPDATE SET revision = revision + 1;
END`
      )
    }
  } else {
    statements.push(
      `CREATE TRIGGER tenants_revision_insert AFTER INSERT ON tenants REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bishui_revise()`,
      `CREATE TRIGGER tenants_revision_update AFTER UPDATE ON tenants REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bishui_revise()`,
      `CREATE TRIGGER tenants_revision_delete AFTER DELETE ON tenants REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bishui_revise()`
    )
  }
  return statements
}

/**
 * Migration 7: the community a member is registered with (在职党员报到) as an index column of members,
 * so the members of a community are listed by name from an index (tenant, community, name, id).
 * Rows written before it get the column from their document.
 */
const memberCommunity = (dialect: "sqlite" | "pg"): Array<string> => [
  dialect === "pg"
    ? `ALTER TABLE members ADD COLUMN community_id text COLLATE "C"`
    : "ALTER TABLE members ADD COLUMN community_id TEXT",
  dialect === "pg"
    ? "UPDATE members SET community_id = doc -> 'communityRegistration' ->> 'communityId'"
    : "UPDATE members SET community_id = json_extract(doc, '$.communityRegistration.communityId')",
  "CREATE INDEX members_by_community_id_name ON members (tenant_id, community_id, name, id)"
]

/**
 * Migration 5: voiding (作废). Each table of voidable records gets `voided_at`, the instant of its
 * record's void mark (NULL while live), kept from the record like the other index columns, so lists,
 * `all` and reports leave voided rows out with `voided_at IS NULL` on the rows they read. No index:
 * the filter applies to rows already found by the list's own index, and voided rows are few.
 */
export const voidableTableNames = [
  "organisations",
  "members",
  "teams",
  "pioneer_posts",
  "projects",
  "zones",
  "patrol_logs",
  "service_events",
  "campaigns",
  "cases",
  "micro_wishes"
] as const

const voidedColumns = (dialect: "sqlite" | "pg"): Array<string> =>
  voidableTableNames.map(
    (table) => `ALTER TABLE ${table} ADD COLUMN voided_at ${dialect === "pg" ? `text COLLATE "C"` : "TEXT"}`
  )

/**
 * Migration 9: the photos of cases, bytes included (`bytea` / `BLOB`), so that a backup of the
 * database holds them. A photo takes one of its case's three slots — `UNIQUE (tenant_id, case_id,
 * slot)` with slots 1–3 only — so no race adds a fourth.
 */
const casePhotos = (dialect: "sqlite" | "pg"): Array<string> => {
  const text = dialect === "pg" ? `text COLLATE "C"` : "TEXT"
  const bytes = dialect === "pg" ? "bytea" : "BLOB"
  return [
    `CREATE TABLE case_photos (
  tenant_id ${text} NOT NULL,
  id ${text} NOT NULL,
  case_id ${text} NOT NULL,
  slot INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 3),
  media_type ${text} NOT NULL,
  byte_length INTEGER NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  sha256 ${text} NOT NULL,
  added_at ${text} NOT NULL,
  bytes ${bytes} NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, case_id, slot),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
)`
  ]
}

/**
 * Migration 6: deadlines and receipts of cases, and the branches' response policies. `next_due_at` is
 * a case's earliest due time still to be met, unset once none is; the overdue filter is
 * `next_due_at < now`. Lists keep their order (opening time, id), so the filter is served by partial
 * indexes in that order over the cases that still have a due time — the open ones, a small part of a
 * branch's history — alone, by tenant, branch and zone (both engines use a partial index `WHERE
 * next_due_at IS NOT NULL` for a query with `next_due_at < ?`): an overdue page reads open cases only,
 * however many closed ones a tenant keeps. `receipt_code` finds a resident's report by its receipt
 * (unique per tenant through the table's natural key, which the cases table now uses for it). A
 * policy's id is its organisation's.
 */
const casesDeadlinesAndReceipts = (dialect: "sqlite" | "pg"): Array<string> => {
  const text = dialect === "pg" ? `text COLLATE "C"` : "TEXT"
  return [
    `ALTER TABLE cases ADD COLUMN next_due_at ${text}`,
    `ALTER TABLE cases ADD COLUMN receipt_code ${text}`,
    "CREATE INDEX cases_timed_by_opened_at ON cases (tenant_id, opened_at, id) WHERE next_due_at IS NOT NULL",
    "CREATE INDEX cases_timed_by_branch_id_opened_at ON cases (tenant_id, branch_id, opened_at, id) WHERE next_due_at IS NOT NULL",
    "CREATE INDEX cases_timed_by_zone_id_opened_at ON cases (tenant_id, zone_id, opened_at, id) WHERE next_due_at IS NOT NULL",
    "CREATE INDEX cases_by_receipt_code ON cases (tenant_id, receipt_code)",
    ...createTable(
      {
        name: "response_policies",
        columns: [],
        indexes: [],
        foreignKeys: [["id", "organisations"]]
      },
      dialect
    )
  ]
}

/** What the database answers an UPDATE or DELETE of the audit log with (both backends). */
export const auditLogRefusal =
  "audit_log is append-only: its entries cannot be changed or deleted (审计日志只能追加，不能修改或删除); entries older than a cutoff are removed only by the retention command, pnpm run audit-retention --before YYYY-MM-DD"

/**
 * Migration 8: the audit log protects itself. Triggers refuse every UPDATE and DELETE of `audit_log`
 * (and TRUNCATE, on PostgreSQL), whoever runs it — a service, a script, a person at a SQL shell —
 * except the deletion of entries older than the cutoff the retention command (`AuditRetention.purge`)
 * opens in its own transaction: on PostgreSQL a transaction-local setting,
 * `bishui.audit_retention_before`, which ends with the transaction; on SQLite, whose triggers see no
 * session settings, a row of `audit_retention` that the command writes and deletes in that
 * transaction. A guard against mistakes and casual tampering, not against whoever may drop a trigger
 * (the database's owner or a superuser; on SQLite anyone who can write the file).
 */
const auditLogAppendOnly = (dialect: "sqlite" | "pg"): Array<string> => {
  if (dialect === "sqlite") {
    return [
      "CREATE TABLE audit_retention (cutoff TEXT NOT NULL)",
      `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, '${auditLogRefusal}');
END`,
      `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  WHEN NOT EXISTS (SELECT 1 FROM audit_retention WHERE OLD.at < audit_retention.cutoff)
BEGIN
  SELECT RAISE(ABORT, '${auditLogRefusal}');
END`
    ]
  }
  return [
    `CREATE FUNCTION bishui_audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cutoff text := current_setting('bishui.audit_retention_before', true);
BEGIN
  IF TG_OP = 'DELETE' AND cutoff IS NOT NULL AND cutoff <> '' THEN
    IF OLD.at < cutoff THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION '${auditLogRefusal}';
END $$`,
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION bishui_audit_log_guard()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION bishui_audit_log_guard()"
  ]
}

/**
 * Migration 11: the console's sign-in. Invites (one-time links that start a session) get their own
 * table, found by id alone like tokens; a session is an access token of kind `session`, so tokens get
 * a `kind` column (NULL for a client's token) and an index to list a tenant's sessions by issue time.
 */
const consoleSignIn = (dialect: "sqlite" | "pg"): Array<string> => [
  ...createTable(
    {
      name: "invites",
      columns: ["role", "branch_id", "member_id", "issued_at"],
      indexes: [["issued_at"], ["branch_id", "issued_at"]],
      foreignKeys: [
        ["branch_id", "organisations"],
        ["member_id", "members"]
      ]
    },
    dialect
  ),
  "CREATE UNIQUE INDEX invites_id_unique ON invites (id)",
  `ALTER TABLE access_tokens ADD COLUMN kind ${dialect === "pg" ? `text COLLATE "C"` : "TEXT"}`,
  "CREATE INDEX access_tokens_by_kind_issued_at ON access_tokens (tenant_id, kind, issued_at, id)"
]

/**
 * Migration 12: lean ledgers. Patrol logs and service events are stored in columns — each field of the
 * record in a column of its own (`Tables.patrolLogs.stored`, `Tables.serviceEvents.stored`) — and their
 * JSON documents are dropped: the index columns were there already, the other fields are filled from
 * the documents of the rows stored before. Lists and nested records (a patrol's case ids; an event's
 * participants, hours, outcomes and publicity) are JSON of their own; `illustrative` is a flag (1, 0,
 * or NULL when absent). Indexes: see docs/scaling.md for the query each serves. SQLite rewrites each
 * table as it drops the column; PostgreSQL frees the documents' space as rows are rewritten (VACUUM
 * FULL, or their next updates).
 */
interface LeanColumn {
  readonly column: string
  /** Where the field is in the document, as a JSON path (`$.a.b`). */
  readonly path: string
  readonly type: "text" | "integer" | "flag" | "json"
}

const leanColumns: ReadonlyArray<readonly [table: string, columns: ReadonlyArray<LeanColumn>]> = [
  [
    "patrol_logs",
    [
      { column: "ended_at", path: "$.endedAt", type: "text" },
      { column: "findings", path: "$.findings", type: "text" },
      { column: "litter_collected", path: "$.litterCollected", type: "text" },
      { column: "case_ids", path: "$.caseIds", type: "json" },
      { column: "illustrative", path: "$.illustrative", type: "flag" },
      { column: "voided_by", path: "$.voided.by", type: "text" },
      { column: "voided_reason", path: "$.voided.reason", type: "text" }
    ]
  ],
  [
    "service_events",
    [
      { column: "title", path: "$.title", type: "text" },
      { column: "place", path: "$.place", type: "text" },
      { column: "partner_branch_id", path: "$.links.partnerBranchId", type: "text" },
      { column: "participant_ids", path: "$.participantIds", type: "json" },
      { column: "participant_hours", path: "$.participantHours", type: "json" },
      { column: "other_participants", path: "$.otherParticipants", type: "integer" },
      { column: "outcomes", path: "$.outcomes", type: "json" },
      { column: "publicity", path: "$.publicity", type: "json" },
      { column: "notes", path: "$.notes", type: "text" },
      { column: "illustrative", path: "$.illustrative", type: "flag" },
      { column: "voided_by", path: "$.voided.by", type: "text" },
      { column: "voided_reason", path: "$.voided.reason", type: "text" }
    ]
  ]
]

/**
 * An event's links are mostly absent (a project, a pioneer post, a campaign: a few events in a
 * thousand), so their indexes hold only the events that have one (`WHERE … IS NOT NULL`): a list
 * filtered by a link (`zone_id = ?`, `IN (…)`, `IS NOT NULL`) still reads its page from the index, as
 * does the search for the events that refer to a record being voided.
 */
const partialLinkIndexes = [
  "zone_id",
  "project_id",
  "community_id",
  "pioneer_post_id",
  "campaign_id"
].flatMap((column) => [
  `DROP INDEX service_events_by_${column}_date`,
  `CREATE INDEX service_events_by_${column}_date ON service_events (tenant_id, ${column}, date, id) WHERE ${column} IS NOT NULL`
])

const leanLedgers = (dialect: "sqlite" | "pg"): Array<string> => [
  ...leanColumnsOf(dialect),
  ...partialLinkIndexes
]

const leanColumnsOf = (dialect: "sqlite" | "pg"): Array<string> =>
  leanColumns.flatMap(([table, columns]) => {
    if (dialect === "sqlite") {
      const type = { text: "TEXT", integer: "INTEGER", flag: "INTEGER", json: "TEXT" } as const
      return [
        ...columns.map((c) => `ALTER TABLE ${table} ADD COLUMN ${c.column} ${type[c.type]}`),
        // json_extract gives a JSON true as 1, false as 0, and a list or an object as its JSON text
        `UPDATE ${table} SET ${columns.map((c) => `${c.column} = json_extract(doc, '${c.path}')`).join(", ")}`,
        `ALTER TABLE ${table} DROP COLUMN doc`
      ]
    }
    const type = { text: `text COLLATE "C"`, integer: "integer", flag: "smallint", json: "jsonb" } as const
    const value = (c: LeanColumn) => {
      const keys = c.path.slice(2).split(".")
      const json = `doc #> '{${keys.join(",")}}'`
      switch (c.type) {
        case "json":
          return json
        case "flag":
          return `CASE WHEN ${json} IS NULL THEN NULL WHEN (${json})::boolean THEN 1 ELSE 0 END`
        case "integer":
          return `(${json})::integer`
        default:
          return `doc #>> '{${keys.join(",")}}'`
      }
    }
    return [
      `ALTER TABLE ${table} ${columns.map((c) => `ADD COLUMN ${c.column} ${type[c.type]}`).join(", ")}`,
      `UPDATE ${table} SET ${columns.map((c) => `${c.column} = ${value(c)}`).join(", ")}`,
      `ALTER TABLE ${table} DROP COLUMN doc`
    ]
  })

/** Every migration, keyed `<id>_<name>` as `Migrator.fromRecord` expects. */
export const migrations = {
  "0001_initial_tables": run((dialect) => initialTables.flatMap((spec) => createTable(spec, dialect))),
  "0002_access_tokens_and_idempotency": run((dialect) => [
    ...accessTokensAndIdempotency.flatMap((spec) => createTable(spec, dialect)),
    "CREATE UNIQUE INDEX access_tokens_id_unique ON access_tokens (id)",
    "CREATE INDEX idempotency_keys_by_created_at ON idempotency_keys (created_at)"
  ]),
  "0003_tenant_revisions": run(tenantRevisions),
  "0004_periods": run(periodColumns),
  "0005_void": run(voidedColumns),
  "0006_cases_deadlines_and_receipts": run(casesDeadlinesAndReceipts),
  "0007_member_community": run(memberCommunity),
  "0008_audit_log_append_only": run(auditLogAppendOnly),
  "0009_case_photos": run(casePhotos),
  "0011_console_sign_in": run(consoleSignIn),
  "0012_lean_ledgers": run(leanLedgers)
}

/** Run pending migrations on the current `SqlClient`; returns the ones applied. */
export const migrate = Migrator.make({})({
  loader: Migrator.fromRecord(migrations),
  table: "bishui_migrations"
})

/** A layer that migrates the database when built. */
export const layer = Layer.effectDiscard(migrate)
