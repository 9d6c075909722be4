-- Announcements and newsletters (issue 14).

-- A member's consent to newsletters: when and how it was given, and when and how it was withdrawn
-- (the row stays, so the record of both is kept). Subscribed: given and not withdrawn. A row with
-- only a withdrawal is a member who said no without ever saying yes (one who gets post, whose
-- paper newsletter comes unless they say no).
CREATE TABLE newsletter_consents (
    member_id        bigint PRIMARY KEY REFERENCES members (id),
    given_at         timestamptz,
    given_source     text CHECK (given_source IN ('my_page', 'office')),
    withdrawn_at     timestamptz,
    withdrawn_source text CHECK (withdrawn_source IN ('my_page', 'office', 'link')),
    CONSTRAINT given_says_how CHECK ((given_at IS NULL) = (given_source IS NULL)),
    CONSTRAINT withdrawn_says_how CHECK ((withdrawn_at IS NULL) = (withdrawn_source IS NULL)),
    CONSTRAINT says_something CHECK (given_at IS NOT NULL OR withdrawn_at IS NOT NULL)
);

-- Outside contacts the association writes to (e.g. Foster City's sister-city association), in
-- named lists kept by the secretariat. Each was added with their consent (when, and how).
CREATE TABLE contact_lists (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL UNIQUE CHECK (name <> ''),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE outside_contacts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    list_id         bigint NOT NULL REFERENCES contact_lists (id) ON DELETE CASCADE,
    name            text NOT NULL CHECK (name <> ''),
    organisation    text NOT NULL DEFAULT '',
    email           text NOT NULL CHECK (email = lower(email) AND email <> ''),
    lang            text NOT NULL DEFAULT 'en' CHECK (lang IN ('ja', 'en')),
    consent_at      timestamptz NOT NULL DEFAULT now(),
    consent_source  text NOT NULL CHECK (consent_source <> ''),
    unsubscribed_at timestamptz,
    UNIQUE (list_id, email)
);

-- A message: in Japanese and/or English, to one audience. `audience_ref` names the class,
-- committee, event or contact list (the fiscal year for the unpaid). `committee_id` is whose it
-- is: a chair's committee (the chair may see and send only theirs); none for the secretariat's.
CREATE TABLE newsletters (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    audience        text NOT NULL CHECK (audience IN
                        ('members', 'class', 'committee', 'event_confirmed', 'event_waiting', 'unpaid', 'contacts')),
    audience_ref    bigint,
    committee_id    bigint REFERENCES committees (id),
    subject_ja      text NOT NULL DEFAULT '',
    body_ja         text NOT NULL DEFAULT '',
    subject_en      text NOT NULL DEFAULT '',
    body_en         text NOT NULL DEFAULT '',
    archive         text NOT NULL DEFAULT 'none' CHECK (archive IN ('public', 'members', 'none')),
    status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sending', 'paused', 'sent')),
    created_by      bigint NOT NULL REFERENCES accounts (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    sent_by         bigint REFERENCES accounts (id),
    send_started_at timestamptz,
    sent_at         timestamptz,
    CONSTRAINT has_a_language CHECK (subject_ja <> '' OR subject_en <> ''),
    CONSTRAINT ref_when_needed CHECK ((audience = 'members') = (audience_ref IS NULL))
);
CREATE INDEX newsletters_sending_idx ON newsletters (id) WHERE status = 'sending';

-- Who a message went to: one row per member, login or contact, written in the transaction that queues
-- their mail (its keys are what keep anyone from getting it twice), or, for members who get post,
-- when the sending ends (they are the print run's list). The unsubscribe link's token is stored
-- hashed.
CREATE TABLE newsletter_recipients (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    newsletter_id    bigint NOT NULL REFERENCES newsletters (id),
    member_id        bigint REFERENCES members (id),
    -- an event's participant who is not a member (a login only)
    account_id       bigint REFERENCES accounts (id),
    contact_id       bigint REFERENCES outside_contacts (id) ON DELETE CASCADE,
    lang             text NOT NULL CHECK (lang IN ('ja', 'en')),
    by_post          boolean NOT NULL DEFAULT false,
    -- its mail (the outbox keeps mail 30 days; delivery and bounce are copied here to stay)
    outbox_id        bigint,
    delivered_at     timestamptz,
    bounced_at       timestamptz,
    unsubscribe_hash bytea UNIQUE,
    queued_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT one_recipient CHECK (num_nonnulls(member_id, account_id, contact_id) = 1)
);
CREATE UNIQUE INDEX newsletter_recipients_member ON newsletter_recipients (newsletter_id, member_id, by_post)
    WHERE member_id IS NOT NULL;
CREATE UNIQUE INDEX newsletter_recipients_account ON newsletter_recipients (newsletter_id, account_id)
    WHERE account_id IS NOT NULL;
CREATE INDEX newsletter_recipients_outbox ON newsletter_recipients (outbox_id) WHERE outbox_id IS NOT NULL;
CREATE UNIQUE INDEX newsletter_recipients_contact ON newsletter_recipients (newsletter_id, contact_id)
    WHERE contact_id IS NOT NULL;

-- A newsletter's mail in the outbox: held while its sending is paused, sent after the
-- association's other mail, and carrying its unsubscribe address for the List-Unsubscribe header.
-- A relay's permanent refusal (a bounce) is kept apart from a failure that will be tried again.
ALTER TABLE outbox ADD COLUMN newsletter_id bigint REFERENCES newsletters (id);
ALTER TABLE outbox ADD COLUMN list_unsubscribe text NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN bounced_at timestamptz;
CREATE INDEX outbox_newsletter_idx ON outbox (newsletter_id) WHERE newsletter_id IS NOT NULL;
