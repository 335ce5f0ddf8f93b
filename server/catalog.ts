/**
 * The operation catalog (DESIGN §2): the one place that spells an entity type or an operation.
 * Validation, enforcement, the OpenAPI schema and the UI's pickers all read it.
 * The descriptions are the product description's own words.
 */
export const catalog = {
  clients: {
    view: "View a client",
    update: "Update client information",
    update_tags: "Update client tags",
    update_secret: "Update client secret/credentials",
    enable: "Enable a client",
    disable: "Disable a client",
    delete: "Delete a client",
    set_parent_group: "Assign a parent group to a client",
    remove_parent_group: "Remove the parent group from a client",
    connect_to_channel: "Connect a client to a channel",
    disconnect_from_channel: "Disconnect a client from a channel",
  },
  channels: {
    view: "View a channel",
    update: "Update channel information",
    update_tags: "Update channel tags",
    enable: "Enable a channel",
    disable: "Disable a channel",
    delete: "Delete a channel",
    set_parent_group: "Assign a parent group to a channel",
    remove_parent_group: "Remove the parent group from a channel",
    connect_client: "Connect a client to the channel",
    disconnect_client: "Disconnect a client from the channel",
  },
  groups: {
    view: "View a group",
    update: "Update group information",
    update_tags: "Update group tags",
    enable: "Enable a group",
    disable: "Disable a group",
    delete: "Delete a group",
    retrieve_group_hierarchy: "Retrieve the group hierarchy",
    add_parent_group: "Assign a parent group",
    remove_parent_group: "Remove the parent group",
    add_children_groups: "Add child groups",
    remove_children_groups: "Remove specific child groups",
    remove_all_children_groups: "Remove all child groups",
    list_children_groups: "List child groups",
    set_child_client: "Assign a client as a child of the group",
    remove_child_client: "Remove a client from the group",
    set_child_channel: "Assign a channel as a child of the group",
    remove_child_channel: "Remove a channel from the group",
  },
  domains: {
    create: "Create a new domain",
    update: "Update domain information",
    read: "Read domain details",
    enable: "Enable the domain",
    disable: "Disable the domain",
    list: "List domains",
    send_invitation: "Send a domain invitation",
    list_invitation: "List invitations sent by the user",
    list_domain_invitation: "List all invitations for the domain",
    delete_invitation: "Delete a domain invitation",
    create_clients: "Create clients within the domain",
    list_clients: "List clients in the domain",
    create_channels: "Create channels within the domain",
    list_channels: "List channels in the domain",
    create_groups: "Create groups within the domain",
    list_groups: "List groups in the domain",
  },
} as const;

export type Catalog = typeof catalog;
export type EntityType = keyof Catalog;
export type OperationOf<T extends EntityType> = keyof Catalog[T] & string;
export type Operation = { [T in EntityType]: OperationOf<T> }[EntityType];

/** A catalog entry: an operation on an entity type, e.g. `clients:update`. */
export type CatalogEntry = { [T in EntityType]: { entityType: T; operation: OperationOf<T> } }[EntityType];

/** Every entity id of a type in a domain, now and later. */
export const ANY_ENTITY = "*";

export const entityTypes = Object.keys(catalog) as EntityType[];

export function isEntityType(value: string): value is EntityType {
  return Object.hasOwn(catalog, value);
}

export function isOperationOf(entityType: EntityType, operation: string): boolean {
  return Object.hasOwn(catalog[entityType], operation);
}

export function operationsOf(entityType: EntityType): string[] {
  return Object.keys(catalog[entityType]);
}

/** The catalog as the wire shape `GET /pats/catalog` answers with. */
export function toCatalogJson() {
  return {
    entity_types: entityTypes.map((entityType) => ({
      entity_type: entityType,
      locked_to_domain: entityType === "domains",
      operations: Object.entries(catalog[entityType]).map(([name, description]) => ({ name, description })),
    })),
  };
}
