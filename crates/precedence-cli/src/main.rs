//! `precedence`: evaluate, test and lint AWS policy scenarios from the command line, and look
//! up what action patterns mean.

mod access;
mod actions;
mod annotations;
mod diff;
mod eval;
mod findings_json;
mod findings_text;
mod html;
mod import;
mod input;
mod junit;
mod lint;
mod output;
mod render;
mod report;
mod sarif;
mod suppress_args;
mod test;
mod who_can;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Evaluate AWS access policies the way AWS documents it, and show why.
#[derive(Debug, Parser)]
#[command(name = "precedence", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Evaluate every request of the scenario files and print the decision with its trace.
    Eval {
        /// Scenario files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        suppressions: SuppressionArgs,
    },
    /// Check every request's `expect`; files or directories (searched for *.json).
    Test {
        /// Scenario files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Evaluate what is left of policies with errors instead of failing their file (AWS
        /// would refuse such policies: MalformedPolicyDocument).
        #[arg(long)]
        allow_invalid_policies: bool,
        /// Output format: text, json (per request), junit (XML) or github (annotations).
        #[arg(long, value_enum, default_value_t = test::TestFormat::Text)]
        format: test::TestFormat,
        #[command(flatten)]
        suppressions: SuppressionArgs,
    },
    /// Report findings in scenario files, or in plain policy files.
    Lint {
        /// Scenario files, or policy documents (with --type).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The policy type of plain policy files.
        #[arg(long = "type", value_enum, default_value_t = lint::PlainType::Identity)]
        policy_type: lint::PlainType,
        /// Output format: text, json, sarif (SARIF 2.1.0) or github (annotations).
        #[arg(long, value_enum, default_value_t = lint::LintFormat::Text)]
        format: lint::LintFormat,
        #[command(flatten)]
        suppressions: SuppressionArgs,
    },
    /// Read what you already have into a scenario: `aws iam get-account-authorization-details`,
    /// AWS Organizations output, resource policies as the AWS CLI prints them, a Terraform plan
    /// (`terraform show -json`), a CloudTrail event or an AccessDenied message. The kind of each
    /// file is told from its content; nothing leaves the machine.
    Import {
        /// The files to read; they merge into one scenario.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write the scenario to this file (else to standard output). The report goes to
        /// standard error.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The ARN of the resource a resource-policy file belongs to, when the file does not
        /// say (`get-bucket-policy`, `get-key-policy`, `dynamodb get-resource-policy`).
        #[arg(long)]
        resource: Option<String>,
        /// Output format: the scenario alone (text), or `{scenario, report}` (json).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// What one principal can do: every action of AWS's service catalog (or of the services
    /// named) that applies to the resources named, decided for the principal and grouped by
    /// service and access level; `conditional` where it hangs on context keys left open.
    Access {
        /// The scenario file.
        scenario: PathBuf,
        /// The principal's ARN.
        #[arg(long)]
        principal: String,
        /// Resources: ARNs, or patterns (`arn:aws:s3:::reports/*`) asked about as every, some
        /// or none of what they cover. None: every action on `*`.
        #[arg(long = "resource")]
        resources: Vec<String>,
        /// Service prefixes (`s3`, `dynamodb`). None: every service.
        #[arg(long = "service")]
        services: Vec<String>,
        /// The endpoint the requests come through (an endpoint id of the scenario).
        #[arg(long)]
        via_endpoint: Option<String>,
        /// List every action, denied ones too.
        #[arg(long)]
        all: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Who can call an action on a resource: the scenario's users and roles, its requests'
    /// callers and whoever its resource policies name, allowed first, the others with the
    /// stages that stop them.
    WhoCan {
        /// The scenario file.
        scenario: PathBuf,
        /// The action, `service:Action`.
        #[arg(long)]
        action: String,
        /// The resource's ARN.
        #[arg(long)]
        resource: String,
        /// The endpoint the requests come through.
        #[arg(long)]
        via_endpoint: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Does a change grant new access? Compare two scenarios (or two policy files of one
    /// type, with `--type`) over their requests and requests generated from every action,
    /// resource and principal either names. Exit 1 when a request gains access, 0 otherwise,
    /// 2 for unusable input.
    Diff {
        /// The old version.
        old: PathBuf,
        /// The new version.
        new: PathBuf,
        /// Compare two plain policy documents of this type instead of scenarios.
        #[arg(long = "type", value_enum)]
        policy_type: Option<lint::PlainType>,
        /// Exit 0 even when a request gains access.
        #[arg(long)]
        allow_new_access: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write a self-contained static HTML fragment of the scenario's requests to standard
    /// output: each request, its decision with the explanation, the stages with the statements
    /// that matched, and the evaluation flowchart as inline SVG. No scripts, no external
    /// addresses; its styles apply only inside its `.precedence-scenario` section.
    Render {
        /// The scenario file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RenderFormat::Html)]
        format: RenderFormat,
        /// Render only this request: its name, or its number counted from 1.
        #[arg(long, value_name = "NAME|INDEX")]
        request: Option<String>,
    },
    /// List the AWS actions that action patterns match, with their access levels.
    Actions {
        /// Action patterns: `service:Action` with `*` and `?` (`dynamodb:Update*`, `*:Get*`).
        #[arg(required = true)]
        patterns: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Finding codes allowed on purpose, from the command line.
#[derive(Debug, clap::Args)]
struct SuppressionArgs {
    /// Allow a finding code: `CODE` in every file, `CODE@POLICY` in one policy (its id, or the
    /// ARN it belongs to), `CODE@POLICY#STATEMENT` in one statement (its Sid, or `#N` for the
    /// statement at index N: `CODE@POLICY##0`). Repeatable. Allowed findings are reported as
    /// suppressed, not dropped.
    #[arg(long = "allow", value_name = "CODE[@POLICY[#STATEMENT]]", value_parser = suppress_args::parse)]
    allows: Vec<report::Allowed>,
    /// List the suppressed findings (text output), each with what allows it.
    #[arg(long)]
    show_suppressed: bool,
}

/// How `eval` and `actions` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Readable text (eval: the trace).
    Text,
    /// Structured JSON (eval: decision, blockedBy, stages, statements, conditions, findings).
    Json,
}

/// How `render` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RenderFormat {
    /// A static HTML fragment with inline SVG.
    Html,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Eval {
            files,
            format,
            suppressions,
        } => eval::run(
            &files,
            &eval::Options {
                json: format == Format::Json,
                allows: suppressions.allows,
                show_suppressed: suppressions.show_suppressed,
            },
        ),
        Command::Test {
            paths,
            allow_invalid_policies,
            format,
            suppressions,
        } => test::run(
            &paths,
            &test::Options {
                allow_invalid_policies,
                format,
                allows: suppressions.allows,
                show_suppressed: suppressions.show_suppressed,
            },
        ),
        Command::Lint {
            files,
            policy_type,
            format,
            suppressions,
        } => lint::run(
            &files,
            &lint::Options {
                plain_type: policy_type,
                format,
                allows: suppressions.allows,
                show_suppressed: suppressions.show_suppressed,
            },
        ),
        Command::Import {
            files,
            output,
            resource,
            format,
        } => import::run(&files, output.as_deref(), resource, format == Format::Json),
        Command::Access {
            scenario,
            principal,
            resources,
            services,
            via_endpoint,
            all,
            format,
        } => access::run(
            &scenario,
            access::Question {
                principal,
                resources,
                services,
                via_endpoint,
                all,
            },
            format == Format::Json,
        ),
        Command::WhoCan {
            scenario,
            action,
            resource,
            via_endpoint,
            format,
        } => who_can::run(
            &scenario,
            &action,
            &resource,
            via_endpoint.as_deref(),
            format == Format::Json,
        ),
        Command::Diff {
            old,
            new,
            policy_type,
            allow_new_access,
            format,
        } => diff::run(
            &old,
            &new,
            policy_type.map(lint::PlainType::policy_type),
            allow_new_access,
            format == Format::Json,
        ),
        Command::Render {
            file,
            format: RenderFormat::Html,
            request,
        } => html::run(&file, request.as_deref()),
        Command::Actions { patterns, format } => actions::run(&patterns, format == Format::Json),
    };
    ExitCode::from(code)
}
