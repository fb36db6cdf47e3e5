"""Status alerts: e-mail subscriptions without an account, the outbox, private feeds."""
