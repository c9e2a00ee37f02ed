// Names this process "worker" in its logs. Imported before anything that logs: the logger
// reads SERVICE_NAME once, when it is first imported (imports run before a module body).
process.env.SERVICE_NAME ??= "worker";
