// A real, certified OpenID Connect provider (panva's oidc-provider) for the SSO browser test.
// Test-only: started by tests/browser/test_sso.py on 127.0.0.1, never served to users.
//
//   node oidc_provider.mjs PORT REDIRECT_URI [--no-email-verified]
//
// One confidential client "koers" (secret "koers-secret") whose only redirect URI is Koers's
// callback; PKCE (S256) is required. Any login name signs in as <login>@staff.example.org.
import Provider from 'oidc-provider';

const [port, redirectUri, ...flags] = process.argv.slice(2);
const sendEmailVerified = !flags.includes('--no-email-verified');

const configuration = {
  clients: [{
    client_id: 'koers',
    client_secret: 'koers-secret',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  pkce: { required: () => true },
  claims: sendEmailVerified
    ? { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] }
    : { openid: ['sub'], email: ['email'], profile: ['name'] },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        const claims = { sub: id, email: `${id}@staff.example.org`, name: `SSO ${id}` };
        if (sendEmailVerified) claims.email_verified = true;
        return claims;
      },
    };
  },
};

const provider = new Provider(`http://127.0.0.1:${port}`, configuration);
provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${port}`);
});
