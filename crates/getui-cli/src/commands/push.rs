//! `getui push`: one notification or transmission to a cid or an alias.

use clap::{Args, ValueEnum};
use getui::model::v2::audience::Audience;
use getui::model::{
    LinkTemplate, NotificationTemplate, SingleMessage, Target, Template, TransmissionTemplate,
};
use getui::v2::protocol::action::{Action, PushToSingleByAlias, PushToSingleByCid};
use serde_json::{json, Value};

use super::checked;
use crate::api::Api;
use crate::error::CliError;
use crate::message::MessageArgs;
use crate::output::Output;

/// Examples shown by `getui push --help`.
pub const EXAMPLES: &str = "\
Examples:
  getui push --cid 0a1b2c3d4e5f --title 'Your order' --body 'has shipped'
  getui push --alias alice --payload '{\"order\": 42}' --ttl 3600000
  getui push --cid 0a1b2c3d4e5f --json message.json --dry-run
  getui push --legacy --template link --cid 0a1b2c3d4e5f --title Hi --body News --url https://example.com";

/// The legacy template of `push --legacy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateKind {
    /// TransmissionTemplate: --payload for the app.
    Transmission,
    /// NotificationTemplate: --title, --body (and --payload for the app) that open the app.
    Notification,
    /// LinkTemplate: --title, --body that open --url.
    Link,
}

/// `getui push` options.
#[derive(Debug, Clone, Args)]
pub struct PushArgs {
    /// The client id to push to.
    #[arg(long, value_name = "CID", conflicts_with = "alias")]
    pub cid: Option<String>,
    /// The alias to push to (every cid bound to it).
    #[arg(long, value_name = "ALIAS")]
    pub alias: Option<String>,
    /// The message.
    #[command(flatten)]
    pub message: MessageArgs,
    /// Push through the legacy API (GETUI_HOST) instead of REST v2.
    #[arg(long)]
    pub legacy: bool,
    /// The legacy template (default: notification with --title, else transmission).
    #[arg(long, value_enum, requires = "legacy", value_name = "KIND")]
    pub template: Option<TemplateKind>,
}

/// Runs `getui push`.
pub fn run(args: &PushArgs, api: &Api<'_>, out: &Output) -> Result<(), CliError> {
    if args.legacy {
        return run_legacy(args, api, out);
    }
    let mut request = args.message.v2_request()?;
    if let Some(cid) = &args.cid {
        request = request.cid(cid.clone());
    } else if let Some(alias) = &args.alias {
        request = request.alias(alias.clone());
    } else if request.audience.is_none() {
        return Err(CliError::usage(
            "no target: give --cid or --alias (or an audience in --json)",
        ));
    }
    let by_alias = matches!(request.audience, Some(Audience::Alias { .. }));
    let (request_id, result) = if by_alias {
        let action = checked(PushToSingleByAlias::new(&request))?;
        (id_of(&action), api.v2(&action)?)
    } else {
        let action = checked(PushToSingleByCid::new(&request))?;
        (id_of(&action), api.v2(&action)?)
    };
    let Some(result) = result else {
        return Ok(());
    };
    let value = json!({
        "protocol": "v2",
        "request_id": request_id,
        "result": serde_json::to_value(&result).unwrap_or(Value::Null),
    });
    out.result(&value, |_| {
        let mut text = String::new();
        for (task, cids) in &result {
            for (cid, status) in cids {
                text.push_str(&format!("task {task}: {cid} {status}\n"));
            }
        }
        text.push_str(&format!(
            "request id: {}\n",
            request_id.as_deref().unwrap_or("-")
        ));
        text
    });
    Ok(())
}

fn id_of<A: Action>(action: &A) -> Option<String> {
    action.request_id().map(str::to_owned)
}

/// `push --legacy`: a single push with a legacy template.
fn run_legacy(args: &PushArgs, api: &Api<'_>, out: &Output) -> Result<(), CliError> {
    let m = &args.message;
    if m.json.is_some() {
        return Err(CliError::usage(
            "--json is the REST v2 request: not with --legacy",
        ));
    }
    let settings = api.settings();
    let app_id = settings.app_id()?.to_owned();
    let app_key = settings.app_key()?.to_owned();
    let kind = args.template.unwrap_or(if m.title.is_some() {
        TemplateKind::Notification
    } else {
        TemplateKind::Transmission
    });
    let need = |value: &Option<String>, flag: &str| {
        value
            .clone()
            .ok_or_else(|| CliError::usage(format!("the {kind:?} template needs {flag}")))
    };
    let template: Template = match kind {
        TemplateKind::Transmission => checked(
            TransmissionTemplate::builder()
                .app_id(app_id.clone())
                .app_key(app_key)
                .transmission_type(2)
                .transmission_content(need(&m.payload, "--payload")?)
                .build(),
        )?
        .into(),
        TemplateKind::Notification => checked(
            NotificationTemplate::builder()
                .app_id(app_id.clone())
                .app_key(app_key)
                .title(need(&m.title, "--title")?)
                .text(need(&m.body, "--body")?)
                .transmission_type(1)
                .transmission_content(m.payload.clone().unwrap_or_default())
                .build(),
        )?
        .into(),
        TemplateKind::Link => checked(
            LinkTemplate::builder()
                .url(need(&m.url, "--url")?)
                .title(need(&m.title, "--title")?)
                .text(need(&m.body, "--body")?)
                .app_id(app_id.clone())
                .app_key(app_key)
                .build(),
        )?
        .into(),
    };
    let mut message = SingleMessage::new(template);
    if let Some(ttl) = m.ttl.filter(|t| *t > 0) {
        message.is_offline = true;
        message.offline_expire_time = ttl;
    }
    let target = match (&args.cid, &args.alias) {
        (Some(cid), _) => Target::client(app_id, cid.clone()),
        (None, Some(alias)) => Target::alias(app_id, alias.clone()),
        (None, None) => return Err(CliError::usage("no target: give --cid or --alias")),
    };
    let action = match &m.request_id {
        Some(id) => checked(getui::action::PushMessageToSingle::with_request_id(
            &message, &target, id,
        ))?,
        None => checked(getui::action::PushMessageToSingle::new(&message, &target))?,
    };
    let request_id = getui::action::Action::request_id(&action).map(str::to_owned);
    let Some(result) = api.legacy(&action)? else {
        return Ok(());
    };
    let status = result.status.as_ref().map(|s| s.as_str().to_owned());
    let value = json!({
        "protocol": "legacy",
        "template": format!("{kind:?}").to_lowercase(),
        "request_id": request_id,
        "task_id": result.task_id,
        "status": status,
    });
    out.result(&value, |_| {
        format!(
            "task {}: {}\nrequest id: {}\n",
            result.task_id.as_deref().unwrap_or("-"),
            status.as_deref().unwrap_or("-"),
            request_id.as_deref().unwrap_or("-")
        )
    });
    Ok(())
}
