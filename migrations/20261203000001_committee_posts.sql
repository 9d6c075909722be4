-- A member's post on a committee (委員長, 副委員長, 委員) as the association records it, for every
-- member, with or without a login (issue 12). The right to organise a committee's events in Kizuna
-- is a separate appointment (committee_chairs, for members with a login): making someone chair or
-- vice-chair there sets this post too, and removing them sets it back to member.
ALTER TABLE member_committees
    ADD COLUMN post text NOT NULL DEFAULT 'member' CHECK (post IN ('member', 'vice_chair', 'chair'));

-- The chairs and vice-chairs appointed so far hold the post (and belong to their committee).
INSERT INTO member_committees (member_id, committee_id, post)
SELECT m.id, cc.committee_id, cc.role
FROM committee_chairs cc JOIN members m ON m.account_id = cc.account_id
WHERE cc.valid_until IS NULL OR cc.valid_until >= japan_today()
ON CONFLICT (member_id, committee_id) DO UPDATE SET post = EXCLUDED.post;
