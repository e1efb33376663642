package io.cmmigration.simulator;

import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.events.catalogue.SourceVersion;

import java.util.ArrayList;
import java.util.List;

/**
 * The sites of a simulated source hierarchy and which site database holds what.
 *
 * <p>2012+/CB: one database, the top site's; its v_Site lists every site; objects are created at the top site or at a
 * primary (their IDs carry that site's code). 2007: one database per primary (the top site is a primary too); each
 * v_Site lists that primary, its parent and every site below it; each database holds only the objects created at its
 * primary (objects inherited from the parent are not replicated down in the simulation) and the clients assigned to it.
 */
public record HierarchyDefinition(SourceVersion version, String domain, List<SiteDefinition> sites) {

    public SourceFamily family() {
        return version.family();
    }

    public SiteDefinition top() {
        return sites.stream().filter(SiteDefinition::isTop).findFirst().orElseThrow();
    }

    public SiteDefinition site(String code) {
        return sites.stream().filter(s -> s.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no site " + code));
    }

    public List<SiteDefinition> children(String code) {
        return sites.stream().filter(s -> code.equals(s.parentCode())).toList();
    }

    /** Sites that own a site database. */
    public List<SiteDefinition> databaseSites() {
        if (family() == SourceFamily.CM2012_PLUS) {
            return List.of(top());
        }
        return sites.stream().filter(s -> s.role() == SiteRole.PRIMARY).toList();
    }

    /** Rows of v_Site in the database of {@code dbSite}. */
    public List<SiteDefinition> sitesListedIn(SiteDefinition dbSite) {
        if (family() == SourceFamily.CM2012_PLUS) {
            return sites;
        }
        List<SiteDefinition> listed = new ArrayList<>();
        if (dbSite.parentCode() != null) {
            listed.add(site(dbSite.parentCode()));
        }
        listed.add(dbSite);
        listed.addAll(descendants(dbSite.code()));
        return listed;
    }

    /** Sites whose objects are stored in the database of {@code dbSite} (the site code in their IDs). */
    public List<SiteDefinition> creatingSites(SiteDefinition dbSite) {
        if (family() == SourceFamily.CM2012_PLUS) {
            return sites.stream().filter(s -> s.role() != SiteRole.SECONDARY).toList();
        }
        return List.of(dbSite);
    }

    /** Sites whose distribution points are described in the database of {@code dbSite}. */
    public List<SiteDefinition> distributionPointSites(SiteDefinition dbSite) {
        if (family() == SourceFamily.CM2012_PLUS) {
            return sites.stream().filter(s -> s.role() != SiteRole.CENTRAL_ADMINISTRATION).toList();
        }
        List<SiteDefinition> list = new ArrayList<>();
        list.add(dbSite);
        list.addAll(children(dbSite.code()).stream().filter(s -> s.role() == SiteRole.SECONDARY).toList());
        return list;
    }

    /** Primary sites whose clients are stored in the database of {@code dbSite}. */
    public List<SiteDefinition> clientSites(SiteDefinition dbSite) {
        if (family() == SourceFamily.CM2012_PLUS) {
            return sites.stream().filter(s -> s.role() == SiteRole.PRIMARY).toList();
        }
        return List.of(dbSite);
    }

    private List<SiteDefinition> descendants(String code) {
        List<SiteDefinition> result = new ArrayList<>();
        for (SiteDefinition child : children(code)) {
            result.add(child);
            result.addAll(descendants(child.code()));
        }
        return result;
    }
}
