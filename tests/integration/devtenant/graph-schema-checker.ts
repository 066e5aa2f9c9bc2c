import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface TypeDef { kind: 'EntityType' | 'ComplexType' | 'EnumType'; baseType?: string; properties?: Record<string, string>; members?: string[] }

/**
 * Corrections to ../shared/graph/v1.0-entities.json, each checked against Microsoft's published CSDL:
 * - `user`: the file holds a different namespace's `user` (baseType "self.identityAccounts", 2 properties). Graph
 *   v1.0's `microsoft.graph.user` derives from graph.directoryObject; these are the properties of it the simulator
 *   returns, with their CSDL types.
 * - `teamVisibilityType`, `teamworkUserIdentityType`, `channelMembershipType`: enums the file references without
 *   defining them; `channelIdentity` (chatMessage.channelIdentity), a complex type it references without defining.
 * - `identitySet`'s properties are typed "microsoft.graph.search.identity" in the file; in microsoft.graph they are
 *   `graph.identity`.
 * Allowance (documented, not a correction): real Graph responses carry `tenantId` in chatMessage.from.user
 * (teamworkUserIdentity) although v1.0's CSDL does not declare it; the issue asks for it.
 */
const CORRECTIONS: Record<string, TypeDef> = {
  user: {
    kind: 'EntityType', baseType: 'graph.directoryObject',
    properties: {
      accountEnabled: 'Edm.Boolean', businessPhones: 'Collection(Edm.String) (not null)', companyName: 'Edm.String', department: 'Edm.String',
      displayName: 'Edm.String', givenName: 'Edm.String', jobTitle: 'Edm.String', mail: 'Edm.String', mobilePhone: 'Edm.String',
      officeLocation: 'Edm.String', preferredLanguage: 'Edm.String', proxyAddresses: 'Collection(Edm.String) (not null)', surname: 'Edm.String',
      usageLocation: 'Edm.String', userPrincipalName: 'Edm.String', userType: 'Edm.String',
    },
  },
  identitySet: { kind: 'ComplexType', properties: { application: 'graph.identity', device: 'graph.identity', user: 'graph.identity' } },
  // Enum types the file references but does not define (members as in the CSDL).
  teamVisibilityType: { kind: 'EnumType', members: ['private', 'public', 'hiddenMembership', 'unknownFutureValue'] },
  channelMembershipType: { kind: 'EnumType', members: ['standard', 'private', 'unknownFutureValue', 'shared'] },
  channelIdentity: { kind: 'ComplexType', properties: { channelId: 'Edm.String', teamId: 'Edm.String' } },
  teamworkUserIdentityType: {
    kind: 'EnumType',
    members: ['aadUser', 'onPremiseAadUser', 'anonymousGuest', 'federatedUser', 'personalMicrosoftAccountUser', 'skypeUser', 'phoneUser', 'unknownFutureValue', 'emailUser'],
  },
};
const ALLOWED_EXTRA: Record<string, string[]> = { teamworkUserIdentity: ['tenantId'] };

export function loadGraphSchema(): Record<string, TypeDef> {
  const raw = JSON.parse(readFileSync(join(__dirname, '../../../../shared/graph/v1.0-entities.json'), 'utf8')) as Record<string, TypeDef>;
  return { ...raw, ...CORRECTIONS };
}

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** Checks a JSON value against a Graph type; pushes one line per violation into `errors`. */
export class GraphSchemaChecker {
  readonly errors: string[] = [];
  readonly seenTypes = new Set<string>();
  checkedProperties = 0;

  constructor(private readonly schema: Record<string, TypeDef>) {}

  private def(name: string): TypeDef | undefined {
    return this.schema[name.replace(/^(graph|microsoft\.graph)\./, '')];
  }

  private properties(name: string): Record<string, string> {
    const d = this.def(name);
    if (!d) return {};
    return { ...(d.baseType && d.baseType.startsWith('graph.') ? this.properties(d.baseType) : {}), ...(d.properties ?? {}) };
  }

  private derivesFrom(name: string, base: string): boolean {
    for (let cur: string | undefined = name; cur; cur = this.def(cur)?.baseType) if (this.def(cur) === this.def(base)) return true;
    return false;
  }

  /** Checks an entity or complex value of type `typeName` (e.g. 'message'). */
  check(value: unknown, typeName: string, path: string): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.errors.push(`${path}: expected an object of ${typeName}`);
      return;
    }
    const obj = value as Record<string, unknown>;
    let actual = typeName;
    const odataType = obj['@odata.type'];
    if (typeof odataType === 'string') {
      actual = odataType.replace(/^#microsoft\.graph\./, '');
      if (!this.def(actual) || !this.derivesFrom(actual, typeName)) this.errors.push(`${path}: @odata.type ${odataType} is not a ${typeName}`);
    }
    this.seenTypes.add(actual);
    const props = this.properties(actual);
    const extra = ALLOWED_EXTRA[actual] ?? [];
    for (const [key, v] of Object.entries(obj)) {
      if (key.startsWith('@')) continue;
      const declared = props[key];
      if (!declared) {
        if (!extra.includes(key)) this.errors.push(`${path}.${key}: Graph's ${actual} has no such property`);
        continue;
      }
      this.checkedProperties++;
      this.checkValue(v, declared, `${path}.${key}`);
    }
  }

  private checkValue(v: unknown, declared: string, path: string): void {
    const notNull = declared.endsWith(' (not null)');
    const type = declared.replace(' (not null)', '');
    if (v === null) {
      if (notNull) this.errors.push(`${path}: null but ${declared}`);
      return;
    }
    const coll = /^Collection\((.+)\)$/.exec(type);
    if (coll) {
      if (!Array.isArray(v)) { this.errors.push(`${path}: expected an array (${type})`); return; }
      v.forEach((item, i) => this.checkValue(item, coll[1] ?? '', `${path}[${i}]`));
      return;
    }
    switch (type) {
      case 'Edm.String': if (typeof v !== 'string') this.errors.push(`${path}: expected a string`); return;
      case 'Edm.Boolean': if (typeof v !== 'boolean') this.errors.push(`${path}: expected a boolean`); return;
      case 'Edm.Int32': if (!Number.isInteger(v)) this.errors.push(`${path}: expected an integer`); return;
      case 'Edm.DateTimeOffset': if (typeof v !== 'string' || !ISO_INSTANT.test(v)) this.errors.push(`${path}: expected a DateTimeOffset, got ${JSON.stringify(v)}`); return;
      case 'Edm.TimeOfDay': if (typeof v !== 'string' || !/^\d\d:\d\d:\d\d(\.\d{1,7})?$/.test(v)) this.errors.push(`${path}: expected a TimeOfDay`); return;
      case 'Edm.Binary': if (typeof v !== 'string' || !/^[A-Za-z0-9+/_-]*=*$/.test(v)) this.errors.push(`${path}: expected base64`); return;
      default: break;
    }
    const d = this.def(type);
    if (!d) { this.errors.push(`${path}: type ${type} is not in the schema file (value ${JSON.stringify(v).slice(0, 40)})`); return; }
    if (d.kind === 'EnumType') {
      if (typeof v !== 'string' || !(d.members ?? []).includes(v)) this.errors.push(`${path}: ${JSON.stringify(v)} is not a member of ${type}`);
      return;
    }
    this.check(v, type.replace(/^graph\./, ''), path);
  }
}
