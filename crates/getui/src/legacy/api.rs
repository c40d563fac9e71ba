//! The named methods that send one request built from their arguments alone, generated for
//! both clients from one list so that [`Client`](crate::Client) and
//! [`blocking::Client`](crate::blocking::Client) cannot drift apart.
//!
//! Each entry names the method, its typed arguments, its output (the protocol action's
//! output) and how the action is built; the action's constructor validates, so a refused
//! input sends nothing. Entries may read the client's [`Config`](crate::Config) (limits,
//! flags) through the identifier before `=>`.

use crate::error::{Error, Result};
use getui_model::{Rule, ValidationError};
use getui_protocol::action::Action;
use getui_protocol::date::CalendarDate;

// Getui keeps its statistics in China time (UTC+08:00); "today" for the date checks of
// `queryAppPushData` / `queryAppUserData` is computed there from the system clock.
pub(crate) use getui_model::calendar::CHINA_UTC_OFFSET_SECS;

/// Today's date in China time.
pub(crate) fn today_in_china() -> CalendarDate {
    CalendarDate::today(CHINA_UTC_OFFSET_SECS)
}

/// Turns a constructor's validation failure into an [`Error`] naming the action.
pub(crate) fn checked<A: Action>(
    action: std::result::Result<A, getui_model::ValidationError>,
) -> Result<A> {
    action.map_err(|e| Error::invalid(A::NAME, e))
}

/// Refuses a blank caller-given request id: the server de-duplicates by it, so a blank id
/// shared by unrelated pushes would silently drop all but the first.
pub(crate) fn check_request_id<A: Action>(request_id: &str) -> Result<()> {
    if request_id.trim().is_empty() {
        return Err(Error::invalid(
            A::NAME,
            ValidationError::new("requestId", Rule::Required),
        ));
    }
    Ok(())
}

/// Hands the list of one-request methods to the generator `$gen`.
macro_rules! one_request_methods {
    ($gen:ident) => {
        $gen! {
            // ----- tasks -----------------------------------------------------------------

            /// Starts the app push task `task_id` prepared with
            /// [`create_app_task`](Self::create_app_task) (`pushMessageToAppAction`, official
            /// `pushMessageToAppWithContentId`, the second step of `pushMessageToApp`).
            ///
            /// Not de-duplicated by the server: after a timeout check the task's results
            /// before starting it again.
            fn push_to_app_with_task_id(task_id: &str) -> crate::action::TaskPushResult {
                _config => Ok(crate::action::PushMessageToApp::new(task_id))
            }

            /// Invalidates a task id that was prepared but not pushed
            /// (`cancleContentIdAction`, official `cancelContentId`). Succeeds only for
            /// `result` `ok`.
            fn cancel_task(task_id: &str) -> crate::answer::Answer {
                _config => Ok(crate::action::CancelContentId::new(task_id))
            }

            /// Stops a running list/app task (`stopTaskAction`, official `stop`): messages in
            /// flight and stored for offline devices are dropped; delivered ones stay (use a
            /// revoke template for those). Succeeds only for `result` `ok`.
            fn stop_task(task_id: &str) -> crate::answer::Answer {
                _config => Ok(crate::action::StopTask::new(task_id))
            }

            // ----- list push ---------------------------------------------------------------

            /// Pushes the list task `task_id` (from [`create_list_task`](Self::create_list_task))
            /// to `targets` (`pushMessageToListAction`, official `pushMessageToList`), with the
            /// configured `needDetails`/`async` flags and target limits
            /// ([`Config::list_push_options`](crate::Config::list_push_options)).
            ///
            /// Targets with a client id are sent in `clientIdList`, the others by alias in
            /// `aliasList`. More targets than the limit in force (1000, or 10000 for an
            /// asynchronous push without details) is a validation error and sends nothing.
            fn push_to_list(task_id: &str, targets: &[crate::model::Target]) -> crate::action::ListPushResult {
                config => crate::action::PushMessageToList::new(
                    task_id,
                    targets,
                    config.list_push_options(),
                )
            }

            /// [`push_to_list`](Self::push_to_list) with this call's own options (start from
            /// [`Config::list_push_options`](crate::Config::list_push_options) and change what
            /// differs).
            fn push_to_list_with_options(
                task_id: &str,
                targets: &[crate::model::Target],
                options: crate::action::ListPushOptions
            ) -> crate::action::ListPushResult {
                _config => crate::action::PushMessageToList::new(task_id, targets, options)
            }

            // ----- APNs --------------------------------------------------------------------

            /// Pushes the APNs payload of `message`'s template to one iOS device token
            /// (`apnPushToSingleAction`, official `pushAPNMessageToSingle`); the token must
            /// have exactly 64 characters.
            ///
            /// The official Python SDK can never send this request (it base64-encodes with a
            /// function removed in Python 3.9 and puts bytes into the JSON); this sends the
            /// request its patched version sends (golden vector `apn_single_patched`).
            fn push_apns_to_single(
                app_id: &str,
                device_token: &str,
                message: &crate::model::SingleMessage
            ) -> crate::action::SinglePushResult {
                _config => crate::action::ApnPushToSingle::new(app_id, device_token, message)
            }

            /// Uploads the APNs payload of `message`'s template for a later
            /// [`push_apns_to_list`](Self::push_apns_to_list) and returns its task id
            /// (`apnGetContentIdAction`, official `getAPNContentId`). Any message class is
            /// accepted.
            fn create_apns_task(
                app_id: &str,
                message: &impl crate::action::PushMessage
            ) -> crate::action::PreparedTask {
                _config => crate::action::ApnGetContentId::new(app_id, message)
            }

            /// Pushes the APNs task `task_id` (from [`create_apns_task`](Self::create_apns_task))
            /// to iOS device tokens of 64 characters each (`apnPushToListAction`, official
            /// `pushAPNMessageToList`), with the configured `needDetails`/`async` flags.
            fn push_apns_to_list(
                app_id: &str,
                task_id: &str,
                device_tokens: impl IntoIterator<Item = impl Into<String>>
            ) -> crate::action::ListPushResult {
                config => crate::action::ApnPushToList::new(
                    app_id,
                    task_id,
                    device_tokens,
                    config.list_push_options(),
                )
            }

            /// [`push_apns_to_list`](Self::push_apns_to_list) with this call's own
            /// `needDetails`/`async` flags.
            fn push_apns_to_list_with_options(
                app_id: &str,
                task_id: &str,
                device_tokens: impl IntoIterator<Item = impl Into<String>>,
                options: crate::action::ListPushOptions
            ) -> crate::action::ListPushResult {
                _config => crate::action::ApnPushToList::new(app_id, task_id, device_tokens, options)
            }

            // ----- clients and tags --------------------------------------------------------

            /// Whether a client is online, its last login and black-list state
            /// (`getClientIdStatusAction`, official `getClientIdStatus`).
            fn client_status(app_id: &str, client_id: &str) -> crate::action::ClientIdStatus {
                _config => Ok(crate::action::GetClientIdStatus::new(app_id, client_id))
            }

            /// Sets a client's tags (`setTagAction`, official `setClientTag`; believed to
            /// replace the previous set, at most 100 tags per client per the documentation).
            fn set_client_tags(
                app_id: &str,
                client_id: &str,
                tags: impl IntoIterator<Item = impl Into<String>>
            ) -> crate::answer::Answer {
                _config => Ok(crate::action::SetClientTag::new(app_id, client_id, tags))
            }

            /// A client's tags (`getUserTags`, official `getUserTags`).
            fn client_tags(app_id: &str, client_id: &str) -> crate::action::UserTags {
                _config => Ok(crate::action::GetUserTags::new(app_id, client_id))
            }

            /// Applies `operation` (sent as given; `add` is the value used in practice, others
            /// are not documented) with one `tag` to many clients (`changeTagAction`, official
            /// `changeClientTag`, Python SDK only).
            fn change_client_tag(
                app_id: &str,
                tag: &str,
                operation: &str,
                client_ids: impl IntoIterator<Item = impl Into<String>>
            ) -> crate::answer::Answer {
                _config => Ok(crate::action::ChangeClientTag::new(app_id, tag, operation, client_ids))
            }

            /// How many users carry the tags (`getUserCountByTags`, official
            /// `getUserCountByTags`); at most [`Limits::tag_list`](crate::Limits::tag_list)
            /// tags (10), else a validation error and nothing is sent.
            fn user_count_by_tags(
                app_id: &str,
                tags: impl IntoIterator<Item = impl Into<String>>
            ) -> crate::action::UserCount {
                config => crate::action::GetUserCountByTags::with_limit(
                    app_id,
                    tags,
                    config.limits().tag_list,
                )
            }

            /// The big-data persona tags of an app (`getPersonaTags`, official
            /// `getPersonaTags`); the answer is returned whole (its shape is not documented).
            fn persona_tags(app_id: &str) -> crate::answer::Answer {
                _config => Ok(crate::action::GetPersonaTags::new(app_id))
            }

            /// How many users match app push conditions, all users with `None`
            /// (`queryUserCount`, official `queryUserCount`).
            fn user_count(
                app_id: &str,
                conditions: Option<&crate::model::AppConditions>
            ) -> crate::action::UserCount {
                _config => crate::action::QueryUserCount::new(app_id, conditions)
            }

            // ----- aliases -----------------------------------------------------------------

            /// Binds `alias` to a client (`alias_bind`, official `bindAlias`). Documented
            /// rules the server enforces: at most 40 bytes of letters, digits, `_` and Chinese
            /// characters; at most 10 clients per alias; one alias per client (binding another
            /// one unbinds the first).
            fn bind_alias(app_id: &str, alias: &str, client_id: &str) -> crate::answer::Answer {
                _config => Ok(crate::action::BindAlias::new(app_id, alias, client_id))
            }

            /// Binds many `(client id, alias)` pairs at once (`alias_bind_list`, official
            /// `bindAliasBatch`).
            fn bind_aliases(
                app_id: &str,
                bindings: impl IntoIterator<Item = crate::action::AliasBinding>
            ) -> crate::answer::Answer {
                _config => Ok(crate::action::BindAliasBatch::new(app_id, bindings))
            }

            /// The client ids bound to an alias (`alias_query` by alias, official
            /// `queryClientId`).
            fn client_ids_by_alias(app_id: &str, alias: &str) -> crate::action::ClientIdList {
                _config => Ok(crate::action::QueryClientId::new(app_id, alias))
            }

            /// The alias of a client (`alias_query` by client id, official `queryAlias`).
            fn alias_by_client_id(app_id: &str, client_id: &str) -> crate::action::UserAlias {
                _config => Ok(crate::action::QueryAlias::new(app_id, client_id))
            }

            /// Unbinds one client from an alias (`alias_unbind` with `cid`, official
            /// `unBindAlias`); a blank client id unbinds every client, as the official SDK
            /// does.
            fn unbind_alias(app_id: &str, alias: &str, client_id: &str) -> crate::answer::Answer {
                _config => Ok(crate::action::UnbindAlias::new(app_id, alias, Some(client_id)))
            }

            /// Unbinds every client from an alias (`alias_unbind` without `cid`, official
            /// `unBindAliasAll`).
            fn unbind_alias_all(app_id: &str, alias: &str) -> crate::answer::Answer {
                _config => Ok(crate::action::UnbindAlias::all(app_id, alias))
            }

            // ----- black list --------------------------------------------------------------

            /// Puts clients on the black list: they receive nothing (`blackCidAction` with
            /// `optType` 1, official `addCidListToBlk`). At most
            /// [`Limits::black_list`](crate::Limits::black_list) client ids (1000).
            fn add_to_black_list(
                app_id: &str,
                client_ids: impl IntoIterator<Item = impl Into<String>>
            ) -> crate::answer::Answer {
                config => crate::action::BlackCidList::with_limit(
                    app_id,
                    client_ids,
                    crate::action::BlackListOperation::Add,
                    config.limits().black_list,
                )
            }

            /// Takes clients off the black list (`blackCidAction` with `optType` 2, official
            /// `restoreCidListFromBlk`). At most
            /// [`Limits::black_list`](crate::Limits::black_list) client ids (1000).
            fn restore_from_black_list(
                app_id: &str,
                client_ids: impl IntoIterator<Item = impl Into<String>>
            ) -> crate::answer::Answer {
                config => crate::action::BlackCidList::with_limit(
                    app_id,
                    client_ids,
                    crate::action::BlackListOperation::Restore,
                    config.limits().black_list,
                )
            }

            /// `blackCidAction` with any `optType` (official `blackCidList`); prefer
            /// [`add_to_black_list`](Self::add_to_black_list) and
            /// [`restore_from_black_list`](Self::restore_from_black_list).
            fn update_black_list(
                app_id: &str,
                client_ids: impl IntoIterator<Item = impl Into<String>>,
                operation: crate::action::BlackListOperation
            ) -> crate::answer::Answer {
                config => crate::action::BlackCidList::with_limit(
                    app_id,
                    client_ids,
                    operation,
                    config.limits().black_list,
                )
            }

            // ----- badges ------------------------------------------------------------------

            /// Sets the iOS badge of device tokens and clients (`setBadgeAction`, official
            /// `setBadge`). The badge is sent as given: a number, or text such as `"+1"` /
            /// `"-1"` (believed to follow the APNs `autoBadge` syntax).
            fn set_badge(
                badge: impl Into<crate::action::Badge>,
                app_id: &str,
                device_tokens: impl IntoIterator<Item = impl Into<String>>,
                client_ids: impl IntoIterator<Item = impl Into<String>>
            ) -> crate::answer::Answer {
                _config => Ok(crate::action::SetBadge::new(badge, app_id, device_tokens, client_ids))
            }

            /// Sets the iOS badge of clients (`setBadgeAction` with `deviceToken: []`,
            /// official `setBadgeForCID`).
            fn set_badge_for_client_ids(
                badge: impl Into<crate::action::Badge>,
                app_id: &str,
                client_ids: impl IntoIterator<Item = impl Into<String>>
            ) -> crate::answer::Answer {
                _config => Ok(crate::action::SetBadge::for_client_ids(badge, app_id, client_ids))
            }

            /// Sets the iOS badge of device tokens (`setBadgeAction` with `cid: []`, official
            /// `setBadgeForDeviceToken`).
            fn set_badge_for_device_tokens(
                badge: impl Into<crate::action::Badge>,
                app_id: &str,
                device_tokens: impl IntoIterator<Item = impl Into<String>>
            ) -> crate::answer::Answer {
                _config => Ok(crate::action::SetBadge::for_device_tokens(badge, app_id, device_tokens))
            }

            // ----- results and statistics --------------------------------------------------

            /// The counters of one task (`getPushMsgResult`, official `getPushResult`).
            fn push_result(task_id: &str) -> crate::action::PushResult {
                _config => Ok(crate::action::GetPushResult::new(task_id))
            }

            /// The counters of several tasks (`getPushMsgResultByTaskidList` with
            /// `actionIdList: null`, official `getPushResultByTaskidList`).
            fn push_results(
                task_ids: impl IntoIterator<Item = impl Into<String>>
            ) -> crate::action::PushResults {
                _config => Ok(crate::action::GetPushResultByTaskIdList::new(task_ids))
            }

            /// The counters of several tasks per action-chain step such as `"10010"`
            /// (`getPushMsgResultByTaskidList`, official `getPushActionResultByTaskids`).
            fn push_action_results(
                task_ids: impl IntoIterator<Item = impl Into<String>>,
                action_ids: impl IntoIterator<Item = impl Into<String>>
            ) -> crate::action::PushResults {
                _config => Ok(crate::action::GetPushResultByTaskIdList::with_action_ids(task_ids, action_ids))
            }

            /// The counters of a task group (`getPushResultByGroupName`, official
            /// `getPushResultByGroupName`); see the task group name of
            /// [`create_list_task`](Self::create_list_task) and
            /// [`push_to_app`](Self::push_to_app).
            fn push_result_by_group_name(app_id: &str, group_name: &str) -> crate::action::PushResult {
                _config => Ok(crate::action::GetPushResultByGroupName::new(app_id, group_name))
            }

            /// Online users over the last 24 hours (`getLast24HoursOnlineUser`, official
            /// `getLast24HoursOnlineUserStatistics`).
            fn online_users_last_24h(app_id: &str) -> crate::action::OnlineUserStatistics {
                _config => Ok(crate::action::GetLast24HoursOnlineUser::new(app_id))
            }

            /// The push counters of one day (`queryAppPushData`, official
            /// `queryAppPushDataByDate`). `date` is `yyyyMMdd`, a real calendar date not after
            /// today in China time (UTC+08:00, from the system clock), else a validation error
            /// and nothing is sent.
            fn app_push_data(app_id: &str, date: &str) -> crate::action::AppPushData {
                _config => crate::action::QueryAppPushData::new(app_id, date, crate::api::today_in_china())
            }

            /// The user counters of one day (`queryAppUserData`, official
            /// `queryAppUserDataByDate`); `date` is checked like
            /// [`app_push_data`](Self::app_push_data)'s.
            fn app_user_data(app_id: &str, date: &str) -> crate::action::AppUserData {
                _config => crate::action::QueryAppUserData::new(app_id, date, crate::api::today_in_china())
            }

            // ----- scheduled tasks -----------------------------------------------------------

            /// A scheduled task (an app push with `pushTime`) (`getScheduleTaskAction`,
            /// official `getScheduleTask`); the answer is returned whole.
            fn schedule_task(app_id: &str, task_id: &str) -> crate::answer::Answer {
                _config => Ok(crate::action::GetScheduleTask::new(app_id, task_id))
            }

            /// Deletes a scheduled task (`delScheduleTaskAction`, official `delScheduleTask`).
            fn delete_schedule_task(app_id: &str, task_id: &str) -> crate::answer::Answer {
                _config => Ok(crate::action::DelScheduleTask::new(app_id, task_id))
            }

            // ----- SMS fallback --------------------------------------------------------------

            /// Binds clients to phone number digests for the SMS fallback (`bind_cid_pn`,
            /// official `bindCidPn`); pairs are `(client id, digest)` (the digest rules are not
            /// documented; the PHP demo uses `md5(phone number)`).
            fn bind_client_phones(
                app_id: &str,
                pairs: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>
            ) -> crate::answer::Answer {
                _config => Ok(crate::action::BindCidPn::new(app_id, pairs))
            }

            /// Removes the phone bindings of clients (`unbind_cid_pn`, official
            /// `unbindCidPn`).
            fn unbind_client_phones(
                app_id: &str,
                client_ids: impl IntoIterator<Item = impl Into<String>>
            ) -> crate::answer::Answer {
                _config => Ok(crate::action::UnbindCidPn::new(app_id, client_ids))
            }

            /// The phone bindings of clients (`query_cid_pn`, official `queryCidPn`); the
            /// answer is returned whole.
            fn client_phones(
                app_id: &str,
                client_ids: impl IntoIterator<Item = impl Into<String>>
            ) -> crate::answer::Answer {
                _config => Ok(crate::action::QueryCidPn::new(app_id, client_ids))
            }

            /// Stops the SMS fallback of a task (`stop_sms`, official `stopSendSms`).
            fn stop_sms(app_id: &str, task_id: &str) -> crate::answer::Answer {
                _config => Ok(crate::action::StopSendSms::new(app_id, task_id))
            }
        }
    };
}

/// Generates the asynchronous methods.
#[cfg(feature = "async")]
macro_rules! async_methods {
    ($(
        $(#[$doc:meta])*
        fn $name:ident($($arg:ident : $ty:ty),* $(,)?) -> $out:ty { $config:ident => $build:expr }
    )*) => {
        impl crate::Client {
            $(
                $(#[$doc])*
                pub async fn $name(&self, $($arg: $ty),*) -> crate::Result<$out> {
                    #[allow(unused_variables)]
                    let $config = self.config();
                    let action = crate::api::checked($build)?;
                    self.execute(&action).await
                }
            )*
        }
    };
}

/// Generates the blocking methods: the action is built, validated and sent on the caller's
/// thread.
#[cfg(feature = "blocking")]
macro_rules! blocking_methods {
    ($(
        $(#[$doc:meta])*
        fn $name:ident($($arg:ident : $ty:ty),* $(,)?) -> $out:ty { $config:ident => $build:expr }
    )*) => {
        impl crate::blocking::Client {
            $(
                $(#[$doc])*
                pub fn $name(&self, $($arg: $ty),*) -> crate::Result<$out> {
                    #[allow(unused_variables)]
                    let $config = self.config();
                    let action = crate::api::checked($build)?;
                    self.execute(&action)
                }
            )*
        }
    };
}

#[cfg(feature = "async")]
one_request_methods!(async_methods);

#[cfg(feature = "blocking")]
one_request_methods!(blocking_methods);
