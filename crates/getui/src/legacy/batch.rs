//! The batch single push (official `BatchImpl`): what the asynchronous [`Batch`] and the
//! blocking [`blocking::Batch`](crate::blocking::Batch) share.

use crate::config::Config;
use crate::error::{Error, Result};
use getui_model::{Rule, SingleMessage, Target, ValidationError};
use getui_protocol::action::{Action, PushMessageToSingleBatch, SingleBatch};
use std::sync::Arc;

const SUBMIT: &str = <PushMessageToSingleBatch as Action>::NAME;

/// The items waiting for a submit and the last submitted request.
#[derive(Debug, Clone)]
pub(crate) struct BatchState {
    items: SingleBatch,
    async_push: bool,
    last: Option<Arc<PushMessageToSingleBatch>>,
}

impl BatchState {
    /// An empty batch with a new batch id, the client's app key and the configured `async`
    /// flag.
    pub(crate) fn new(config: &Config) -> Self {
        Self::with_app_key(config, config.app_key())
    }

    pub(crate) fn with_app_key(config: &Config, app_key: &str) -> Self {
        Self {
            items: SingleBatch::new(app_key),
            async_push: config.flags().batch_async,
            last: None,
        }
    }

    pub(crate) fn batch_id(&self) -> &str {
        self.items.batch_id()
    }

    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    pub(crate) fn async_push(&self) -> bool {
        self.async_push
    }

    pub(crate) fn set_async_push(&mut self, on: bool) {
        self.async_push = on;
    }

    pub(crate) fn last_request_id(&self) -> Option<&str> {
        self.last.as_deref().and_then(Action::request_id)
    }

    pub(crate) fn add(&mut self, message: &SingleMessage, target: &Target) -> Result<usize> {
        self.items
            .add(message, target)
            .map_err(|e| Error::invalid(SUBMIT, e))
    }

    /// Takes the waiting items into a request with a new request id and keeps it for
    /// [`last`](Self::last), before anything is sent (as the official SDK does), so that a
    /// failed submit can be retried.
    ///
    /// No waiting item is no error: the request then carries a `SingleBatchRequest` with the
    /// batch id only, as the official `BatchImpl.submit()` sends it (a loop that added
    /// nothing, then submitted), and the server's answer is returned.
    pub(crate) fn take_submit(&mut self) -> Arc<PushMessageToSingleBatch> {
        let request = Arc::new(self.items.submit(self.async_push));
        self.last = Some(Arc::clone(&request));
        request
    }

    /// The last submitted request, unchanged (same request id, same batch id and items).
    pub(crate) fn last(&self) -> Result<Arc<PushMessageToSingleBatch>> {
        self.last.clone().ok_or_else(|| {
            Error::invalid(
                SUBMIT,
                ValidationError::new(
                    "batch",
                    Rule::Constraint("nothing was submitted yet: call submit() first"),
                ),
            )
        })
    }
}

/// An action shared behind an `Arc`, so that a retry sends the very value that was submitted
/// without copying its protobuf bytes.
#[cfg(feature = "blocking")]
#[derive(Debug)]
pub(crate) struct Shared<A>(pub(crate) Arc<A>);

#[cfg(feature = "blocking")]
impl<A: Action> Action for Shared<A> {
    const NAME: &'static str = A::NAME;
    const GZIP: bool = A::GZIP;
    const TRAILER: getui_protocol::action::Trailer = A::TRAILER;
    type Output = A::Output;

    fn write_members(
        &self,
        ctx: &getui_protocol::action::RequestContext<'_>,
        obj: &mut getui_model::json_text::ObjectWriter<'_>,
    ) {
        self.0.write_members(ctx, obj);
    }

    fn request_id(&self) -> Option<&str> {
        self.0.request_id()
    }

    fn size_hint(&self) -> usize {
        self.0.size_hint()
    }

    fn parse(
        answer: getui_protocol::answer::Answer,
    ) -> std::result::Result<A::Output, getui_protocol::answer::ApiError> {
        A::parse(answer)
    }
}

#[cfg(feature = "async")]
pub use self::async_batch::Batch;

#[cfg(feature = "async")]
mod async_batch {
    use super::BatchState;
    use crate::client::Client;
    use crate::error::Result;
    use getui_model::{SingleMessage, Target};
    use getui_protocol::action::BatchPushResult;

    /// A batch of single pushes sent in one request (`pushMessageToSingleBatchAction`,
    /// official `BatchImpl`), from [`Client::batch`].
    ///
    /// [`add`](Self::add) up to 5000 `(message, target)` items (targets by client id: batch
    /// items carry no alias), then [`submit`](Self::submit) them; each submit gets a new
    /// `requestId`, the batch id stays. When a submit fails without an answer,
    /// [`retry`](Self::retry) sends the same request again: same `requestId`, same batch id
    /// and items, so the server does not deliver twice.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), getui::Error> {
    /// use getui::model::{SingleMessage, Target, TransmissionTemplate};
    /// use getui_mock::{MockServer, DEFAULT_APP_ID as APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
    /// let server = MockServer::start().await;
    /// let client = getui::Client::builder(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET)
    ///     .host(server.serviceex_url())
    ///     .build()?;
    ///
    /// let template = TransmissionTemplate::builder()
    ///     .app_id(APP_ID)
    ///     .app_key(DEFAULT_APP_KEY)
    ///     .transmission_content("hello")
    ///     .build()?;
    /// let message = SingleMessage::new(template);
    /// let mut batch = client.batch();
    /// batch.add(&message, &Target::client(APP_ID, "cid-1"))?;
    /// batch.add(&message, &Target::client(APP_ID, "cid-2"))?;
    /// let result = match batch.submit().await {
    ///     Ok(result) => result,
    ///     // No answer: the same request again is safe.
    ///     Err(e) if e.is_retryable() => batch.retry().await?,
    ///     Err(e) => return Err(e),
    /// };
    /// assert_eq!(result.items.len(), 2);
    /// # Ok(()) }
    /// ```
    #[derive(Debug, Clone)]
    pub struct Batch {
        client: Client,
        state: BatchState,
    }

    impl Batch {
        pub(crate) fn new(client: Client) -> Self {
            let state = BatchState::new(client.config());
            Self { client, state }
        }

        pub(crate) fn with_app_key(client: Client, app_key: &str) -> Self {
            let state = BatchState::with_app_key(client.config(), app_key);
            Self { client, state }
        }

        /// The batch id (`SingleBatchRequest.batchId`), generated once for this batch.
        pub fn batch_id(&self) -> &str {
            self.state.batch_id()
        }

        /// The number of items waiting for [`submit`](Self::submit).
        pub fn len(&self) -> usize {
            self.state.len()
        }

        /// Whether no item waits.
        pub fn is_empty(&self) -> bool {
            self.state.len() == 0
        }

        /// Sets the `async` flag of the next submits (default: the configured
        /// [`PushFlags::batch_async`](crate::PushFlags::batch_async)).
        #[must_use]
        pub fn async_push(mut self, on: bool) -> Self {
            self.state.set_async_push(on);
            self
        }

        /// Whether submits ask the server to push asynchronously.
        pub fn is_async_push(&self) -> bool {
            self.state.async_push()
        }

        /// The `requestId` of the last submit, if any.
        pub fn last_request_id(&self) -> Option<&str> {
            self.state.last_request_id()
        }

        /// Adds one push and returns the number of items now waiting (official `add`).
        ///
        /// A validation error (5000 items already waiting, a target without client id, an
        /// invalid message) adds nothing.
        pub fn add(&mut self, message: &SingleMessage, target: &Target) -> Result<usize> {
            self.state.add(message, target)
        }

        /// Sends the waiting items as one request with a new `requestId` (official
        /// `submit`); the batch is empty afterwards, whatever the outcome, and the request is
        /// kept for [`retry`](Self::retry).
        ///
        /// With no item waiting, the request is sent all the same, as the official SDK
        /// sends it: a `SingleBatchRequest` holding only the batch id. The server's answer
        /// is returned (from a server that accepts it, `{"result":"ok","info":{}}`: a
        /// result without [`items`](BatchPushResult::items)).
        pub async fn submit(&mut self) -> Result<BatchPushResult> {
            let request = self.state.take_submit();
            self.client.execute(&*request).await
        }

        /// Sends the last submitted request again, unchanged: same `requestId`, batch id and
        /// items (official `retry`). Before any submit it is a validation error and nothing
        /// is sent.
        pub async fn retry(&self) -> Result<BatchPushResult> {
            let request = self.state.last()?;
            self.client.execute(&*request).await
        }
    }
}
