//! Fetching: HTTP client, robots.txt, per-host politeness, retries, frontier.
