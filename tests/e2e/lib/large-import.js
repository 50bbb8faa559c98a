// A large `aws iam get-account-authorization-details` output (the shape of the AWS CLI reference:
// https://docs.aws.amazon.com/cli/latest/reference/iam/get-account-authorization-details.html),
// generated: 3,000 roles, 1,000 users and 2,000 managed policies, about 20 MB, as issue 14's
// speed goal describes. Ids are AWS's documented example account.

const ACCOUNT = '111122223333';
const DATE = '2026-01-05T10:00:00Z';

function statement(n, service) {
  return {
    Sid: `Grant${n}`,
    Effect: n % 7 === 0 ? 'Deny' : 'Allow',
    Action: [`${service}:Get*`, `${service}:List*`, `${service}:Describe*`],
    Resource: [`arn:aws:${service}:us-east-1:${ACCOUNT}:thing/team-${n % 40}/*`],
    Condition: { StringEquals: { 'aws:PrincipalTag/team': `team-${n % 40}` } },
  };
}

const SERVICES = ['s3', 'dynamodb', 'sqs', 'kms', 'ec2', 'lambda', 'sns', 'logs'];

function document(n, statements) {
  return {
    Version: '2012-10-17',
    Statement: Array.from({ length: statements }, (_, i) => statement(n + i, SERVICES[(n + i) % SERVICES.length])),
  };
}

/** The file's text. */
export function largeAuthorizationDetails({ roles = 3000, users = 1000, policies = 2000 } = {}) {
  const policyArn = (i) => `arn:aws:iam::${ACCOUNT}:policy/Team${i}`;
  const attached = (i) => [0, 1].map((k) => ({ PolicyName: `Team${(i * 3 + k) % policies}`, PolicyArn: policyArn((i * 3 + k) % policies) }));
  const details = {
    UserDetailList: Array.from({ length: users }, (_, i) => ({
      Path: '/', UserName: `user${i}`, UserId: `AIDA${String(i).padStart(16, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT}:user/user${i}`, CreateDate: DATE,
      UserPolicyList: [{ PolicyName: `own${i}`, PolicyDocument: document(i, 2) }],
      GroupList: [], AttachedManagedPolicies: attached(i),
      Tags: [{ Key: 'team', Value: `team-${i % 40}` }],
    })),
    GroupDetailList: [],
    RoleDetailList: Array.from({ length: roles }, (_, i) => ({
      Path: '/', RoleName: `role${i}`, RoleId: `AROA${String(i).padStart(16, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT}:role/role${i}`, CreateDate: DATE,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
      },
      InstanceProfileList: [],
      RolePolicyList: [{ PolicyName: `inline${i}`, PolicyDocument: document(i, 2) }],
      AttachedManagedPolicies: attached(i),
      Tags: [{ Key: 'team', Value: `team-${i % 40}` }], RoleLastUsed: {},
    })),
    Policies: Array.from({ length: policies }, (_, i) => ({
      PolicyName: `Team${i}`, PolicyId: `ANPA${String(i).padStart(16, '0')}`, Arn: policyArn(i), Path: '/',
      DefaultVersionId: 'v1', AttachmentCount: 3, PermissionsBoundaryUsageCount: 0, IsAttachable: true,
      CreateDate: DATE, UpdateDate: DATE,
      PolicyVersionList: [{ Document: document(i, 5), VersionId: 'v1', IsDefaultVersion: true, CreateDate: DATE }],
    })),
  };
  return JSON.stringify(details, null, 4);
}
