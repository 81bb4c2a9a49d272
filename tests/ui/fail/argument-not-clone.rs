use retry_core::retry;

struct Request {
    path: String,
}

#[retry(stop = attempts(3))]
fn send(host: String, request: Request) -> Result<String, std::io::Error> {
    Ok(format!("{host}{}", request.path))
}

fn main() {
    let _ = send(
        "https://example.com".to_owned(),
        Request {
            path: "/".to_owned(),
        },
    );
}
