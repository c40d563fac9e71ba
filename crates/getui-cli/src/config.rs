//! Where the credentials and hosts come from: flags, then `GETUI_*` variables, then a profile
//! of the configuration file (`~/.config/getui/config.toml`, `--config FILE`).
//!
//! ```toml
//! [default]
//! app_id = "your-app-id"
//! app_key = "your-app-key"
//! secret_command = "pass show getui"   # or: master_secret = "…"
//! # base_url = "https://restapi.getui.com"
//! # host = "https://api.getui.com/serviceex"   # legacy
//!
//! [staging]
//! app_id = "…"
//! ```
//!
//! The environment is handed in by the binary ([`Vars`]); nothing here reads it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

use crate::error::CliError;
use crate::GlobalArgs;

/// The environment variables the binary passed in (name → value).
#[derive(Debug, Clone, Default)]
pub struct Vars(BTreeMap<String, String>);

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Vars {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Vars(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl Vars {
    /// A variable's value, `None` when unset or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }
}

/// One profile of the configuration file.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The app id.
    pub app_id: Option<String>,
    /// The app key.
    pub app_key: Option<String>,
    /// The master secret (prefer `secret_command`).
    pub master_secret: Option<String>,
    /// A shell command printing the master secret.
    pub secret_command: Option<String>,
    /// The REST v2 base URL.
    pub base_url: Option<String>,
    /// The legacy bootstrap URL or push host.
    pub host: Option<String>,
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("app_id", &self.app_id)
            .field("app_key", &self.app_key)
            .field("master_secret", &self.master_secret.as_ref().map(|_| "***"))
            .field("secret_command", &self.secret_command)
            .field("base_url", &self.base_url)
            .field("host", &self.host)
            .finish()
    }
}

/// Where the master secret comes from (it is read only when a request is really sent).
#[derive(Clone)]
pub enum SecretSource {
    /// A value (variable or file).
    Value(String),
    /// A shell command printing it.
    Command(String),
    /// Not configured.
    Missing,
}

impl fmt::Debug for SecretSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretSource::Value(_) => f.write_str("Value(***)"),
            SecretSource::Command(c) => f.debug_tuple("Command").field(c).finish(),
            SecretSource::Missing => f.write_str("Missing"),
        }
    }
}

/// The resolved settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The app id.
    pub app_id: Option<String>,
    /// The app key.
    pub app_key: Option<String>,
    /// The master secret's source.
    pub secret: SecretSource,
    /// The REST v2 base URL (`None`: the SDK's default).
    pub base_url: Option<String>,
    /// The legacy host.
    pub host: Option<String>,
}

impl Settings {
    /// Resolves flags, then variables, then the profile file.
    pub fn resolve(global: &GlobalArgs, vars: &Vars) -> Result<Settings, CliError> {
        let profile = load_profile(global, vars)?;
        let pick = |flag: &Option<String>, var: &str, file: &Option<String>| {
            flag.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .or_else(|| vars.get(var))
                .or(file.as_deref().map(str::trim).filter(|v| !v.is_empty()))
                .map(str::to_owned)
        };
        let secret = if let Some(cmd) = global.secret_command.as_deref() {
            SecretSource::Command(cmd.to_owned())
        } else if let Some(value) = vars.get("GETUI_MASTER_SECRET") {
            SecretSource::Value(value.to_owned())
        } else if let Some(value) = profile.master_secret.clone().filter(|v| !v.is_empty()) {
            SecretSource::Value(value)
        } else if let Some(cmd) = profile.secret_command.clone() {
            SecretSource::Command(cmd)
        } else {
            SecretSource::Missing
        };
        Ok(Settings {
            app_id: pick(&global.app_id, "GETUI_APP_ID", &profile.app_id),
            app_key: pick(&global.app_key, "GETUI_APP_KEY", &profile.app_key),
            secret,
            base_url: pick(&global.base_url, "GETUI_V2_BASE_URL", &profile.base_url),
            host: pick(&global.host, "GETUI_HOST", &profile.host),
        })
    }

    /// The app id, or a usage error naming where to set it.
    pub fn app_id(&self) -> Result<&str, CliError> {
        self.app_id
            .as_deref()
            .ok_or_else(|| missing("app id", "--app-id", "GETUI_APP_ID", "app_id"))
    }

    /// The app key, or a usage error naming where to set it.
    pub fn app_key(&self) -> Result<&str, CliError> {
        self.app_key
            .as_deref()
            .ok_or_else(|| missing("app key", "--app-key", "GETUI_APP_KEY", "app_key"))
    }

    /// The legacy host, or a usage error.
    pub fn legacy_host(&self) -> Result<&str, CliError> {
        self.host
            .as_deref()
            .ok_or_else(|| missing("legacy host", "--host", "GETUI_HOST", "host"))
    }

    /// The master secret: the value, or the output of the command (trailing newline removed).
    pub fn master_secret(&self) -> Result<String, CliError> {
        match &self.secret {
            SecretSource::Value(v) => Ok(v.clone()),
            SecretSource::Command(cmd) => run_secret_command(cmd),
            SecretSource::Missing => Err(CliError::usage(
                "no master secret: set GETUI_MASTER_SECRET, --secret-command, or master_secret / \
                 secret_command in the profile",
            )),
        }
    }
}

fn missing(what: &str, flag: &str, var: &str, key: &str) -> CliError {
    CliError::usage(format!(
        "no {what}: give {flag}, set {var}, or set {key} in the profile"
    ))
}

/// Runs `cmd` with `sh -c` (stdin and stderr inherited) and returns its first line.
fn run_secret_command(cmd: &str) -> Result<String, CliError> {
    let output = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(Stdio::inherit())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| CliError::usage(format!("secret_command {cmd:?} could not run: {e}")))?;
    if !output.status.success() {
        return Err(CliError::usage(format!(
            "secret_command {cmd:?} failed ({})",
            output.status
        )));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|_| CliError::usage(format!("secret_command {cmd:?} printed non-UTF-8")))?;
    let secret = text.lines().next().unwrap_or("").trim().to_owned();
    if secret.is_empty() {
        return Err(CliError::usage(format!(
            "secret_command {cmd:?} printed nothing"
        )));
    }
    Ok(secret)
}

/// The default configuration file: `$XDG_CONFIG_HOME/getui/config.toml`, else
/// `$HOME/.config/getui/config.toml`.
pub fn default_config_path(vars: &Vars) -> Option<PathBuf> {
    if let Some(xdg) = vars.get("XDG_CONFIG_HOME") {
        return Some(Path::new(xdg).join("getui").join("config.toml"));
    }
    vars.get("HOME").map(|home| {
        Path::new(home)
            .join(".config")
            .join("getui")
            .join("config.toml")
    })
}

/// The selected profile; an empty one when there is no file and none was asked for.
fn load_profile(global: &GlobalArgs, vars: &Vars) -> Result<Profile, CliError> {
    let explicit_file = global
        .config
        .clone()
        .or_else(|| vars.get("GETUI_CONFIG").map(PathBuf::from));
    let explicit_profile = global
        .profile
        .clone()
        .or_else(|| vars.get("GETUI_PROFILE").map(str::to_owned));
    let path = match explicit_file.clone().or_else(|| default_config_path(vars)) {
        Some(p) => p,
        None => return Ok(Profile::default()),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && explicit_file.is_none() => {
            if let Some(name) = explicit_profile {
                return Err(CliError::usage(format!(
                    "profile {name:?}: no configuration file at {}",
                    path.display()
                )));
            }
            return Ok(Profile::default());
        }
        Err(e) => {
            return Err(CliError::usage(format!(
                "cannot read the configuration file {}: {e}",
                path.display()
            )))
        }
    };
    let mut profiles: BTreeMap<String, Profile> = toml::from_str(&text).map_err(|e| {
        CliError::usage(format!(
            "configuration file {}: {}",
            path.display(),
            e.message()
        ))
    })?;
    let name = explicit_profile.clone().unwrap_or_else(|| "default".into());
    match profiles.remove(&name) {
        Some(p) => Ok(p),
        None if explicit_profile.is_none() => Ok(Profile::default()),
        None => Err(CliError::usage(format!(
            "profile {name:?} is not in {}",
            path.display()
        ))),
    }
}
