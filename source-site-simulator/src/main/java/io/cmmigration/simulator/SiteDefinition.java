package io.cmmigration.simulator;

import io.cmmigration.events.catalogue.SourceVersion;

/**
 * One site of a simulated hierarchy.
 *
 * @param code       three-character site code
 * @param name       site name (v_Site.SiteName)
 * @param role       CAS, primary or secondary
 * @param parentCode reporting site (null for the top site)
 * @param serverName FQDN of the site server
 * @param version    version the site runs (normally the hierarchy's; may differ to simulate an unsupported child)
 * @param httpPort   client request HTTP port (v_SiteClientRequestPorts)
 * @param httpsPort  client request HTTPS port
 */
public record SiteDefinition(String code, String name, SiteRole role, String parentCode, String serverName, SourceVersion version,
                             int httpPort, int httpsPort) {

    public boolean isTop() {
        return parentCode == null;
    }
}
