-- Recent commands as a JSON array, so one statement saves every shell user's list (text[][] cannot be ragged).
ALTER TABLE bash_recent_commands ALTER COLUMN commands TYPE jsonb USING to_jsonb(commands);
