-- What a command read besides its arguments, for the audit trail: a build's --config as
-- its sha256 and its text.
alter table meta.command_log add column if not exists inputs varchar;
