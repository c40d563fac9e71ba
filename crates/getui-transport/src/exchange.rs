//! The HTTP-exchange level: plain request/response values and the two client traits.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode, Uri};

use crate::error::TransportError;

/// A boxed, `Send` future, the return type of [`AsyncHttpClient::send`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One HTTP request: method, absolute URL, headers and the complete body.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The request method.
    pub method: Method,
    /// The absolute `http://` or `https://` URL.
    pub url: Uri,
    /// Request headers.
    pub headers: HeaderMap,
    /// The complete request body (possibly empty).
    pub body: Bytes,
}

impl HttpRequest {
    /// A request without headers or body.
    pub fn new(method: Method, url: Uri) -> Self {
        HttpRequest {
            method,
            url,
            headers: HeaderMap::new(),
            body: Bytes::new(),
        }
    }

    /// A `POST` of `body` to `url`.
    pub fn post(url: Uri, body: impl Into<Bytes>) -> Self {
        HttpRequest {
            body: body.into(),
            ..HttpRequest::new(Method::POST, url)
        }
    }
}

/// Bodies and header values may carry tokens or signatures: `Debug` shows only header names
/// and the body length.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &crate::error::display_url(&self.url))
            .field("headers", &HeaderNames(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// One HTTP response: status, headers and the complete body.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The complete response body.
    pub body: Bytes,
}

impl HttpResponse {
    /// A response with `status`, no headers and `body`.
    pub fn new(status: StatusCode, body: impl Into<Bytes>) -> Self {
        HttpResponse {
            status,
            headers: HeaderMap::new(),
            body: body.into(),
        }
    }
}

/// `Debug` shows only header names and the body length.
impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &HeaderNames(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

struct HeaderNames<'a>(&'a HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

/// An asynchronous HTTP stack: sends one request and returns the whole response.
///
/// Implementations perform exactly one exchange (no redirects, no retries, no
/// decompression: the body is returned as received) and report failures as
/// [`TransportError`]s whose kind says whether the request may have reached the server
/// (see [`TransportError::new`]). Timeouts are the implementation's business; the
/// [`Transport`](crate::Transport) additionally bounds host probes.
///
/// The default implementation is [`HyperClient`](crate::HyperClient) (feature `hyper`); plug
/// in your own with [`TransportBuilder::http_client`](crate::TransportBuilder::http_client).
pub trait AsyncHttpClient: Send + Sync {
    /// Sends `request` and returns the response.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

/// A blocking HTTP stack: sends one request and returns the whole response.
///
/// Same contract as [`AsyncHttpClient`]. The default implementation is
/// [`SocketClient`](crate::SocketClient); plug in your own with
/// [`TransportBuilder::blocking_http_client`](crate::TransportBuilder::blocking_http_client)
/// (a [`blocking::Transport`](crate::blocking::Transport) calls it on the calling thread, an
/// async [`Transport`](crate::Transport) on tokio's blocking thread pool).
pub trait BlockingHttpClient: Send + Sync {
    /// Sends `request` and returns the response.
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
}

impl<T: AsyncHttpClient + ?Sized> AsyncHttpClient for Arc<T> {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }
}

impl<T: AsyncHttpClient + ?Sized> AsyncHttpClient for &T {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }
}

impl<T: BlockingHttpClient + ?Sized> BlockingHttpClient for Arc<T> {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        (**self).send(request)
    }
}

impl<T: BlockingHttpClient + ?Sized> BlockingHttpClient for &T {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        (**self).send(request)
    }
}

/// Runs a [`BlockingHttpClient`] on tokio's blocking pool so the async transport can use it.
pub(crate) struct SpawnBlocking(pub(crate) Arc<dyn BlockingHttpClient>);

impl AsyncHttpClient for SpawnBlocking {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let client = Arc::clone(&self.0);
        Box::pin(async move {
            match tokio::task::spawn_blocking(move || client.send(request)).await {
                Ok(result) => result,
                Err(join) => Err(TransportError::new(
                    crate::ErrorKind::Other,
                    "the blocking HTTP client panicked",
                )
                .with_maybe_sent(true)
                .with_source(join)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_body_and_header_values() {
        let mut req = HttpRequest::post(
            "http://u:secret@h/apiex.htm".parse().unwrap(),
            "{\"authToken\":\"T0K3N\"}",
        );
        req.headers
            .insert("x-token", http::HeaderValue::from_static("T0K3N"));
        let text = format!("{req:?}");
        assert!(
            !text.contains("T0K3N") && !text.contains("secret"),
            "{text}"
        );
        assert!(
            text.contains("x-token") && text.contains("body_len: 21"),
            "{text}"
        );
    }
}
