-- +goose Up
-- Payment history keywords match a fragment of the e-mail, mobile number or
-- reference number in any case ("has the keyword in", docs/decisions.md
-- "History search"). An FTS5 trigram index over the three columns answers a
-- fragment of three characters or more without reading the table; it is kept
-- in step with history by triggers and filled from the rows already there.
CREATE VIRTUAL TABLE history_search USING fts5(
    email, mobile, reference_number,
    content = 'history', content_rowid = 'seq', tokenize = 'trigram'
);
INSERT INTO history_search (history_search) VALUES ('rebuild');

-- +goose StatementBegin
CREATE TRIGGER history_search_insert AFTER INSERT ON history BEGIN
    INSERT INTO history_search (rowid, email, mobile, reference_number)
    VALUES (new.seq, new.email, new.mobile, new.reference_number);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER history_search_delete AFTER DELETE ON history BEGIN
    INSERT INTO history_search (history_search, rowid, email, mobile, reference_number)
    VALUES ('delete', old.seq, old.email, old.mobile, old.reference_number);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER history_search_update AFTER UPDATE OF email, mobile, reference_number ON history BEGIN
    INSERT INTO history_search (history_search, rowid, email, mobile, reference_number)
    VALUES ('delete', old.seq, old.email, old.mobile, old.reference_number);
    INSERT INTO history_search (rowid, email, mobile, reference_number)
    VALUES (new.seq, new.email, new.mobile, new.reference_number);
END;
-- +goose StatementEnd
