import { Vendor } from '../../common/vendor';
import { ADOBE_SIM_CREDENTIALS, startAdobeSimulator } from '../../simulators/adobe/adobe.simulator';
import { VendorModule } from '../vendor-module';
import { AdobeAdapter } from './adobe.adapter';
import { AdobeCredentials } from './adobe.ims';

/** Production IMS, with the `/ims` path the token endpoint lives under. */
const DEFAULT_IMS_URL = 'https://ims-na1.adobelogin.com/ims';

/** IMS URLs are given with or without their `/ims` path (`https://ims-na1.adobelogin.com` is the host Adobe names). */
function imsBase(url: string): string {
  return /\/ims$/.test(url) ? url : `${url}/ims`;
}

/**
 * Adobe: `ADOBE_BASE_URL`, `ADOBE_IMS_URL` and the integration's key and client credentials, or the in-process
 * simulator with its own credentials (unless credentials are configured). Draft carts live in the app's Store.
 */
export const adobeModule: VendorModule = {
  vendor: Vendor.ADOBE,
  isConfigured: (config) => config.adobe.baseUrl !== undefined,
  async startSimulator() {
    const sim = await startAdobeSimulator(0);
    return { baseUrl: sim.baseUrl, urls: { ims: sim.imsUrl }, close: sim.close };
  },
  createAdapter(config, simulator, { http, store }) {
    const baseUrl = config.adobe.baseUrl ?? simulator!.baseUrl;
    const imsUrl = imsBase(config.adobe.imsUrl ?? simulator?.urls.ims ?? DEFAULT_IMS_URL);
    const configured = config.adobe.clientId !== '';
    const credentials: AdobeCredentials =
      simulator && !configured
        ? { ...ADOBE_SIM_CREDENTIALS }
        : // Adobe's X-Api-Key is the integration's client id unless a separate key is given.
          { apiKey: config.adobe.apiKey || config.adobe.clientId, clientId: config.adobe.clientId, clientSecret: config.adobe.clientSecret };
    return new AdobeAdapter({ baseUrl, imsUrl, credentials, http, store });
  },
};
