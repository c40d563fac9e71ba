//! The template pushes of the asynchronous client whose actions borrow the message: single,
//! list/app task creation, app and tag pushes, and batches. The other pushes (list, APNs,
//! starting an app task) are in `api.rs`.

use crate::api::{check_request_id, checked};
use crate::batch::Batch;
use crate::client::Client;
use crate::error::Result;
use getui_model::{AppMessage, ListMessage, SingleMessage, Target};
use getui_protocol::action::{
    GetContentId, PreparedTask, PushMessageByTag, PushMessageToSingle, SinglePushResult,
    TaskPushResult,
};

impl Client {
    /// Pushes `message` to one client, by client id or by alias (`Target::client`,
    /// `Target::alias`) (`pushMessageToSingleAction`, official `pushMessageToSingle`), with a
    /// new random `requestId`.
    ///
    /// When the call fails without an answer (a timeout, a dropped connection), the error
    /// carries the request id ([`Error::request_id`](crate::Error::request_id)): push again with
    /// [`push_to_single_with_request_id`](Self::push_to_single_with_request_id) and the server
    /// delivers at most once.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), getui::Error> {
    /// use getui::model::{SingleMessage, Target, NotificationTemplate};
    /// use getui_mock::{MockServer, DEFAULT_APP_ID as APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
    /// let server = MockServer::start().await;
    /// let client = getui::Client::builder(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET)
    ///     .host(server.serviceex_url())
    ///     .build()?;
    ///
    /// let template = NotificationTemplate::builder()
    ///     .app_id(APP_ID)
    ///     .app_key(DEFAULT_APP_KEY)
    ///     .title("Hello")
    ///     .text("World")
    ///     .build()?;
    /// let mut message = SingleMessage::new(template);
    /// message.is_offline = true;
    /// message.offline_expire_time = 3_600_000;
    /// let target = Target::client(APP_ID, "cid-1");
    ///
    /// let result = match client.push_to_single(&message, &target).await {
    ///     Ok(result) => result,
    ///     Err(e) => match e.request_id() {
    ///         // No answer came back: the same request id makes a second try safe.
    ///         Some(id) if e.is_retryable() => {
    ///             client.push_to_single_with_request_id(&message, &target, id).await?
    ///         }
    ///         _ => return Err(e),
    ///     },
    /// };
    /// assert!(result.task_id.is_some());
    /// # Ok(()) }
    /// ```
    pub async fn push_to_single(
        &self,
        message: &SingleMessage,
        target: &Target,
    ) -> Result<SinglePushResult> {
        let action = checked(PushMessageToSingle::new(message, target))?;
        self.execute(&action).await
    }

    /// [`push_to_single`](Self::push_to_single) with the caller's `requestId` (official
    /// `pushMessageToSingle(message, target, requestId)`): to retry a push whose answer was
    /// lost, or to use your own idempotency keys. The id is sent exactly as given, as the official
    /// SDKs do; an empty id gets no de-duplication, so such a push is never re-sent automatically.
    pub async fn push_to_single_with_request_id(
        &self,
        message: &SingleMessage,
        target: &Target,
        request_id: &str,
    ) -> Result<SinglePushResult> {
        let action = checked(PushMessageToSingle::with_request_id(
            message, target, request_id,
        ))?;
        self.execute(&action).await
    }

    /// Uploads a list message and returns its task id for
    /// [`push_to_list`](Self::push_to_list) (`getContentIdAction` with `contentType` 1,
    /// official `getContentId`). `task_group_name` (at most 40 UTF-8 bytes; blank = none)
    /// groups tasks for [`push_result_by_group_name`](Self::push_result_by_group_name).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), getui::Error> {
    /// use getui::model::{ListMessage, Target, TransmissionTemplate};
    /// use getui_mock::{MockServer, DEFAULT_APP_ID as APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
    /// let server = MockServer::start().await;
    /// let client = getui::Client::builder(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET)
    ///     .host(server.serviceex_url())
    ///     .build()?;
    ///
    /// let template = TransmissionTemplate::builder()
    ///     .app_id(APP_ID)
    ///     .app_key(DEFAULT_APP_KEY)
    ///     .transmission_content("news")
    ///     .build()?;
    /// let task = client
    ///     .create_list_task(&ListMessage::new(template), Some("campaign-a"))
    ///     .await?;
    /// let targets = [Target::client(APP_ID, "cid-1"), Target::alias(APP_ID, "alice")];
    /// let result = client.push_to_list(&task.task_id, &targets).await?;
    /// assert_eq!(result.task_id.as_deref(), Some(task.task_id.as_str()));
    /// # Ok(()) }
    /// ```
    pub async fn create_list_task(
        &self,
        message: &ListMessage,
        task_group_name: Option<&str>,
    ) -> Result<PreparedTask> {
        let action = checked(GetContentId::list(message, task_group_name))?;
        self.execute(&action).await
    }

    /// Uploads an app message and returns its task id for
    /// [`push_to_app_with_task_id`](Self::push_to_app_with_task_id) (`getContentIdAction`
    /// with `contentType` 2, official `getContentId`). `task_group_name` as in
    /// [`create_list_task`](Self::create_list_task).
    pub async fn create_app_task(
        &self,
        message: &AppMessage,
        task_group_name: Option<&str>,
    ) -> Result<PreparedTask> {
        let action = checked(GetContentId::app(message, task_group_name))?;
        self.execute(&action).await
    }

    /// Pushes an app message to the users of its apps matching its lists or conditions
    /// (official `pushMessageToApp`): [`create_app_task`](Self::create_app_task), then
    /// [`push_to_app_with_task_id`](Self::push_to_app_with_task_id).
    ///
    /// When the task was created but starting it failed, the error carries the task id
    /// ([`Error::task_id`](crate::Error::task_id)); start it with `push_to_app_with_task_id` rather than creating
    /// another task. Both steps are frequency-limited by the server.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), getui::Error> {
    /// use getui::model::{AppMessage, LinkTemplate};
    /// use getui_mock::{MockServer, DEFAULT_APP_ID as APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
    /// let server = MockServer::start().await;
    /// let client = getui::Client::builder(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET)
    ///     .host(server.serviceex_url())
    ///     .build()?;
    ///
    /// let template = LinkTemplate::builder()
    ///     .app_id(APP_ID)
    ///     .app_key(DEFAULT_APP_KEY)
    ///     .title("Sale")
    ///     .text("Today only")
    ///     .url("https://example.com/sale")
    ///     .build()?;
    /// let mut message = AppMessage::new(template);
    /// message.app_id_list = vec![APP_ID.to_owned()];
    /// message.phone_type_list = vec!["ANDROID".to_owned()];
    /// let result = client.push_to_app(&message, None).await?;
    /// assert!(result.task_id.is_some());
    /// # Ok(()) }
    /// ```
    pub async fn push_to_app(
        &self,
        message: &AppMessage,
        task_group_name: Option<&str>,
    ) -> Result<TaskPushResult> {
        let task = self.create_app_task(message, task_group_name).await?;
        self.push_to_app_with_task_id(&task.task_id)
            .await
            .map_err(|e| e.with_task_id(task.task_id))
    }

    /// Pushes an app message to the users carrying its `tag` (`pushMessageByTagAction`,
    /// official `pushTagMessage` without request id and `pushTagMessageRetry`), with a new
    /// random `requestId`; the tag must not be empty.
    ///
    /// A failure without an answer carries the request id ([`Error::request_id`](crate::Error::request_id)): push again
    /// with [`push_by_tag_with_request_id`](Self::push_by_tag_with_request_id).
    pub async fn push_by_tag(&self, message: &AppMessage) -> Result<TaskPushResult> {
        let action = checked(PushMessageByTag::new(message))?;
        self.execute(&action).await
    }

    /// [`push_by_tag`](Self::push_by_tag) with the caller's `requestId` (official
    /// `pushTagMessage(message, requestId)`), e.g. to retry a tag push whose answer was lost:
    /// the server delivers at most once per request id. A blank id is a validation error.
    pub async fn push_by_tag_with_request_id(
        &self,
        message: &AppMessage,
        request_id: &str,
    ) -> Result<TaskPushResult> {
        check_request_id::<PushMessageByTag<'_>>(request_id)?;
        let action = checked(PushMessageByTag::with_request_id(message, request_id))?;
        self.execute(&action).await
    }

    /// A new, empty [`Batch`] of single pushes for this client (official `BatchImpl(appKey,
    /// push)` / `getBatch`), with a new batch id and the configured `async` flag.
    pub fn batch(&self) -> Batch {
        Batch::new(self.clone())
    }

    /// A batch whose requests carry another `appkey` than the client's (official
    /// `BatchImpl(appKey, push)` with a different key); the client's token is still used.
    pub fn batch_with_app_key(&self, app_key: &str) -> Batch {
        Batch::with_app_key(self.clone(), app_key)
    }

    /// Uploads a single message for a list push and returns its task id
    /// (`getContentIdAction` without `contentType`, what the official `getContentId` sends
    /// for an `IGtSingleMessage`). Prefer [`create_list_task`](Self::create_list_task).
    pub async fn create_task(
        &self,
        message: &SingleMessage,
        task_group_name: Option<&str>,
    ) -> Result<PreparedTask> {
        let action = checked(GetContentId::single(message, task_group_name))?;
        self.execute(&action).await
    }
}
