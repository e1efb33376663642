package io.cmmigration.dpshare.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.schema.MssqlScript;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every endpoint needs an identity; reads need viewer, changes infra-admin; the SQL Server schema is Unicode. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "purpose", value = "dpshare"))
class PlatformTest {

    @Test
    void readsNeedAnIdentityAndChangesNeedTheAdminRole() {
        for (String path : List.of("/api/shared-dps", "/api/boundary-groups", "/api/reassignments", "/api/dp-moves")) {
            TestUsers.anonymous().get(path).then().statusCode(401);
            TestUsers.viewer().get(path).then().statusCode(200);
            TestUsers.bearer("alice", "viewer").get(path).then().statusCode(200);
            TestUsers.bearer("mallory").get(path).then().statusCode(403);
        }
        TestUsers.anonymous().get("/api/shared-dps/1").then().statusCode(401);
        TestUsers.viewer().get("/api/shared-dps/424242").then().statusCode(404);
        TestUsers.bearer("alice", "viewer").contentType("application/json").body("{\"dpId\":1,\"destinationSiteCode\":\"DST\"}")
                .post("/api/reassignments").then().statusCode(403);
        TestUsers.bearer("bob", "infra-admin").contentType("application/json").body("{\"dpId\":424242,\"destinationSiteCode\":\"DST\"}")
                .post("/api/reassignments").then().statusCode(404);
    }

    @Test
    void sqlServerScriptCreatesEveryTableWithUnicodeText() {
        MssqlScript script = MssqlScript.ofModule();
        assertTrue(script.tables().containsAll(List.of("source_hierarchy", "source_site", "distribution_point", "dp_protected_boundary",
                "hosted_package", "package_version", "dp_reassignment", "dp_move_step", "dp_move")), script.tables().toString());
        assertTrue(script.sequences().containsAll(List.of("distribution_point_seq", "dp_reassignment_seq", "dp_move_seq")));
        assertEquals(List.of(), script.nonUnicodeTextColumns());
    }
}
