-- sudo seen in auth.log and in auditd USER_CMD is one sudo: they are matched on this normal form of
-- the command (base name of the program, login-shell dash dropped, arguments as written).
ALTER TABLE sudo_events ADD COLUMN command_key text;
