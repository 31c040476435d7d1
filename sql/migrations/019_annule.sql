-- A permit annulled by an irrevocable judgment (R424-19; state 'annule' of the statecharts) is
-- published as 'annule', Sitadel's "annulé"; the rest of the function is that of migration 017.
CREATE OR REPLACE FUNCTION public_etat(state text, context jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN state LIKE 'instruction%' THEN 'en_cours'
    WHEN state = 'accorde.travaux' THEN 'commence'
    WHEN state = 'accorde.acheve' THEN 'acheve'
    WHEN state LIKE 'accorde%' THEN CASE WHEN (context -> 'decision' ->> 'tacit')::boolean THEN 'tacite' ELSE 'accorde' END
    WHEN state IN ('refuse', 'refus_tacite', 'rejet_tacite') THEN 'refuse'
    WHEN state = 'sursis' THEN 'sursis'
    WHEN state = 'retire' THEN 'retire'
    WHEN state = 'annule' THEN 'annule'
    WHEN state = 'perime' THEN 'perime'
    -- A DOC is recorded on filing (R424-16); a DAACT is the completion declared, contested or not.
    WHEN state = 'enregistree' THEN 'commence'
    WHEN state IN ('contestable', 'contestee', 'conforme') THEN 'acheve'
  END
$$;
