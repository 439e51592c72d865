// A throwaway OpenID provider for Maillage's browser tests (docs/authentication.md, "Tests"): one issuer on the loopback
// that plays ProConnect (client "maillage-proconnect": e-mail claims, userinfo as a signed JWT as ProConnect answers) and
// Pro Santé Connect (client "maillage-psc": scope_all, SubjectNameID = "8" + RPPS, acr eidas1). Fixed, fictitious users;
// the login form is oidc-provider's development form (any password). Never for production.
//
//   node server.js [--port N]      (0 or nothing: a free port)
// prints one line "oidc-provider listening on http://127.0.0.1:PORT" once ready; stops on SIGTERM/SIGINT or when stdin closes.
import http from 'node:http';
import Provider, { interactionPolicy } from 'oidc-provider';

const SECRET = 'maillage-test-secret-not-for-production';

// login → claims. Fictitious people; the e-mail and the RPPS match the demo accounts (src/Maillage.Core/Features/Accounts/DemoAccounts.cs).
const USERS = {
  // ProConnect sends no email_verified: the federation vouches for the professional e-mail.
  agent: { sub: 'pc-agent-0001', email: 'agent.dgos@demo.maillage.invalid', given_name: 'Camille', usual_name: 'Agent-Démo', uid: 'agent-0001', siret: '11000101300017', idp_id: 'fia1' },
  inconnu: { sub: 'pc-inconnu-0002', email: 'inconnu@demo.maillage.invalid', given_name: 'Dominique', usual_name: 'Inconnu-Démo', uid: 'inconnu-0002', siret: '11000101300017', idp_id: 'fia1' },
  'non-verifie': { sub: 'pc-nonverif-0003', email: 'agent.dgos@demo.maillage.invalid', email_verified: false, given_name: 'Claude', usual_name: 'Non-Vérifié', uid: 'nv-0003', siret: '11000101300017', idp_id: 'fia1' },
  // Pro Santé Connect: SubjectNameID is the national identifier, "8" followed by the RPPS.
  medecin: {
    sub: 'f:550dc1c8-d97b-4b1e-ac8c-8eb4471cf9dd:819990000010', SubjectNameID: '819990000010', preferred_username: '819990000010',
    given_name: 'Alix', family_name: 'Médecin-Démo',
    SubjectRefPro: { codeCivilite: 'DR', exercices: [{ codeProfession: '10', codeCategorieProfessionnelle: 'C', nomDexercice: 'MÉDECIN-DÉMO', prenomDexercice: 'ALIX', activities: [] }] },
  },
  'medecin-inconnu': {
    sub: 'f:550dc1c8-d97b-4b1e-ac8c-8eb4471cf9dd:819990000028', SubjectNameID: '819990000028', preferred_username: '819990000028',
    given_name: 'Sacha', family_name: 'Inconnu-Démo', SubjectRefPro: { codeCivilite: 'DR', exercices: [] },
  },
};

// No consent screen: the test users grant what the client asks (see loadExistingGrant); native clients would
// otherwise be asked to confirm every time.
const policy = interactionPolicy.base();
policy.get('consent').checks.remove('native_client_prompt');

const portArg = process.argv.indexOf('--port');
const wanted = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;

const server = http.createServer();
server.listen(wanted, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const redirects = (slug) => [`http://127.0.0.1/connexion/${slug}/retour`, `http://localhost/connexion/${slug}/retour`];
  const provider = new Provider(issuer, {
    clients: [
      // "native" (RFC 8252): loopback redirect URIs match on any port, so the app under test may listen anywhere.
      { client_id: 'maillage-proconnect', client_secret: SECRET, application_type: 'native', redirect_uris: redirects('proconnect'),
        grant_types: ['authorization_code'], response_types: ['code'], userinfo_signed_response_alg: 'RS256' },
      { client_id: 'maillage-psc', client_secret: SECRET, application_type: 'native', redirect_uris: redirects('pro-sante-connect'),
        grant_types: ['authorization_code'], response_types: ['code'] },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      given_name: ['given_name'], usual_name: ['usual_name'], uid: ['uid'], siret: ['siret'], idp_id: ['idp_id'],
      scope_all: ['SubjectNameID', 'SubjectRefPro', 'preferred_username', 'given_name', 'family_name'],
    },
    scopes: ['openid', 'email', 'given_name', 'usual_name', 'uid', 'siret', 'idp_id', 'scope_all'],
    acrValues: ['eidas1'],
    interactions: { policy },
    features: { devInteractions: { enabled: true }, jwtUserinfo: { enabled: true } },
    cookies: { keys: ['maillage-test-cookie-key'] },
    async findAccount(_ctx, id) {
      const user = USERS[id];
      if (!user) return undefined;
      return { accountId: id, async claims() { return { ...user } } };
    },
    // No consent screen: the test users grant what the client asks.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
      grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
      await grant.save();
      return grant;
    },
  });
  server.on('request', provider.callback());
  console.log(`oidc-provider listening on ${issuer}`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
