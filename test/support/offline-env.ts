/**
 * Runs before every test file (jest.config.js `setupFiles`). The suite runs offline and leaves nothing behind:
 * @apollo/gateway, unless told otherwise, sends its own usage metrics to Apollo and probes the cloud providers'
 * metadata addresses (169.254.169.254) at construction, requests that leave loopback and outlive the test that
 * started the gateway.
 */
process.env.APOLLO_TELEMETRY_DISABLED = 'true';
