-- Event questions get labels and choices in both languages ({"ja": …, "en": …}), as the events
-- migration's comment always described. A stored plain-text label or choice becomes the English
-- side if it is plain ASCII, else the Japanese side (the parser's rule for one-sided text), so a
-- stored answer (the choice's text) still names its choice. Keys are kept as they are.
CREATE FUNCTION pg_temp.both_languages(value jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN jsonb_typeof(value) <> 'string' THEN value
        WHEN value #>> '{}' ~ '^[ -~]*$' THEN jsonb_build_object('ja', '', 'en', value #>> '{}')
        ELSE jsonb_build_object('ja', value #>> '{}', 'en', '')
    END
$$;

UPDATE events
SET questions = (
    SELECT jsonb_agg(
        jsonb_build_object(
            'key', q -> 'key',
            'label', pg_temp.both_languages(q -> 'label'),
            'choices', COALESCE(
                (SELECT jsonb_agg(pg_temp.both_languages(c) ORDER BY n)
                 FROM jsonb_array_elements(q -> 'choices') WITH ORDINALITY AS choice (c, n)),
                '[]'::jsonb),
            'required', COALESCE(q -> 'required', 'false'::jsonb))
        ORDER BY position)
    FROM jsonb_array_elements(events.questions) WITH ORDINALITY AS question (q, position))
WHERE jsonb_typeof(questions) = 'array' AND questions <> '[]'::jsonb;
