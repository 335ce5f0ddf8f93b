import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
/* eslint-disable @typescript-eslint/no-explicit-any */

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("first_name", "varchar(1024)", (c) => c.notNull())
    .addColumn("last_name", "varchar(1024)", (c) => c.notNull())
    .addColumn("email", "varchar(254)", (c) => c.notNull().unique())
    .addColumn("username", "varchar(254)", (c) => c.notNull().unique())
    .addColumn("password_hash", "varchar(512)", (c) => c.notNull())
    .addColumn("tags", "text", (c) => c.notNull())
    .addColumn("metadata", "text", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("domains")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("name", "varchar(1024)", (c) => c.notNull())
    .addColumn("route", "varchar(254)", (c) => c.unique())
    .addColumn("tags", "text", (c) => c.notNull())
    .addColumn("metadata", "text", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("created_by", "varchar(36)", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("domain_members")
    .addColumn("domain_id", "varchar(36)", (c) => c.notNull().references("domains.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role_id", "varchar(64)", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("domain_members_pk", ["domain_id", "user_id"])
    .execute();
  await db.schema.createIndex("domain_members_user").on("domain_members").columns(["user_id"]).execute();

  await db.schema
    .createTable("pats")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "varchar(254)", (c) => c.notNull())
    .addColumn("description", "varchar(1024)", (c) => c.notNull())
    .addColumn("secret_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("issued_at", "bigint", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addColumn("last_used_at", "bigint")
    .addColumn("revoked_at", "bigint")
    .addUniqueConstraint("pats_owner_name", ["user_id", "name"])
    .execute();
  await db.schema.createIndex("pats_owner_issued").on("pats").columns(["user_id", "issued_at", "id"]).execute();

  await db.schema
    .createTable("pat_scopes")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("pat_id", "varchar(36)", (c) => c.notNull().references("pats.id").onDelete("cascade"))
    .addColumn("domain_id", "varchar(36)", (c) => c.notNull())
    .addColumn("entity_type", "varchar(16)", (c) => c.notNull())
    .addColumn("entity_id", "varchar(64)", (c) => c.notNull())
    .addColumn("operation", "varchar(64)", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addUniqueConstraint("pat_scopes_exact", ["pat_id", "domain_id", "entity_type", "operation", "entity_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["pat_scopes", "pats", "domain_members", "domains", "users"]) {
    await db.schema.dropTable(table).execute();
  }
}
