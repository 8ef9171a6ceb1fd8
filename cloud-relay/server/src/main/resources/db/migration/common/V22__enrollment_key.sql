-- A token's one device may repeat its enrollment (issue 6's crash tests found the need): an appliance whose first
-- reply was lost (a timeout, the power cut, the WAN dropped after the relay committed) asks again with the same key,
-- and gets a certificate for that key instead of "token already used". used_key: the SHA-256 (hex) of the
-- SubjectPublicKeyInfo the token was first used with; null for tokens used before this column existed (those are
-- never repeated).
ALTER TABLE enrollment_tokens ADD COLUMN used_key TEXT;
