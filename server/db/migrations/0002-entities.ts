import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
/* eslint-disable @typescript-eslint/no-explicit-any */

/** Clients, channels, groups, their connections, and domain invitations. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("groups")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("domain_id", "varchar(36)", (c) => c.notNull().references("domains.id").onDelete("cascade"))
    .addColumn("name", "varchar(1024)", (c) => c.notNull())
    .addColumn("description", "varchar(1024)", (c) => c.notNull())
    .addColumn("tags", "text", (c) => c.notNull())
    .addColumn("metadata", "text", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("parent_id", "varchar(36)")
    // Materialized path of ids from the root to this group, joined by ".": "root.child.this".
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("created_by", "varchar(36)", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("groups_domain").on("groups").columns(["domain_id", "created_at", "id"]).execute();
  await db.schema.createIndex("groups_parent").on("groups").columns(["parent_id"]).execute();
  await db.schema.createIndex("groups_path").on("groups").columns(["domain_id", "path"]).execute();

  await db.schema
    .createTable("clients")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("domain_id", "varchar(36)", (c) => c.notNull().references("domains.id").onDelete("cascade"))
    .addColumn("name", "varchar(1024)", (c) => c.notNull())
    .addColumn("tags", "text", (c) => c.notNull())
    .addColumn("metadata", "text", (c) => c.notNull())
    .addColumn("private_metadata", "text", (c) => c.notNull())
    .addColumn("identity", "varchar(254)")
    .addColumn("secret_hash", "varchar(64)")
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("parent_group_id", "varchar(36)")
    .addColumn("created_by", "varchar(36)", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addUniqueConstraint("clients_domain_identity", ["domain_id", "identity"])
    .execute();
  await db.schema.createIndex("clients_domain").on("clients").columns(["domain_id", "created_at", "id"]).execute();
  await db.schema.createIndex("clients_parent").on("clients").columns(["parent_group_id"]).execute();

  await db.schema
    .createTable("channels")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("domain_id", "varchar(36)", (c) => c.notNull().references("domains.id").onDelete("cascade"))
    .addColumn("name", "varchar(1024)", (c) => c.notNull())
    .addColumn("route", "varchar(254)")
    .addColumn("tags", "text", (c) => c.notNull())
    .addColumn("metadata", "text", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("parent_group_id", "varchar(36)")
    .addColumn("created_by", "varchar(36)", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addUniqueConstraint("channels_domain_route", ["domain_id", "route"])
    .execute();
  await db.schema.createIndex("channels_domain").on("channels").columns(["domain_id", "created_at", "id"]).execute();
  await db.schema.createIndex("channels_parent").on("channels").columns(["parent_group_id"]).execute();

  await db.schema
    .createTable("connections")
    .addColumn("domain_id", "varchar(36)", (c) => c.notNull().references("domains.id").onDelete("cascade"))
    .addColumn("client_id", "varchar(36)", (c) => c.notNull().references("clients.id").onDelete("cascade"))
    .addColumn("channel_id", "varchar(36)", (c) => c.notNull().references("channels.id").onDelete("cascade"))
    .addColumn("type", "varchar(16)", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("connections_pk", ["client_id", "channel_id", "type"])
    .execute();
  await db.schema.createIndex("connections_channel").on("connections").columns(["channel_id"]).execute();

  await db.schema
    .createTable("invitations")
    .addColumn("domain_id", "varchar(36)", (c) => c.notNull().references("domains.id").onDelete("cascade"))
    .addColumn("invitee_user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("invited_by", "varchar(36)", (c) => c.notNull())
    .addColumn("role_id", "varchar(64)", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addColumn("confirmed_at", "bigint")
    .addColumn("rejected_at", "bigint")
    .addPrimaryKeyConstraint("invitations_pk", ["domain_id", "invitee_user_id"])
    .execute();
  await db.schema.createIndex("invitations_invitee").on("invitations").columns(["invitee_user_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["invitations", "connections", "channels", "clients", "groups"]) {
    await db.schema.dropTable(table).execute();
  }
}
