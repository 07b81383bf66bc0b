// Users: the first admin, the `envgrid user` verbs, passwords stored hashed.

#include "envgrid/gis/store_tables.hpp"
#include "envgrid/viewer/sessions.hpp"
#include "viewer_fixture.hpp"

namespace envgrid::test {
namespace {

TEST(ViewerUsers, FirstStartCreatesAdminWithARandomPasswordOnce) {
  TempDir temp;
  const std::string path = temp.file("p.gpkg");
  gis::initialize_gdal();
  { (void)gis::Store::create(path); }
  std::string password;
  {
    ViewerServer server(path, temp.path());
    ASSERT_TRUE(server.server().first_admin_password().has_value());
    password = *server.server().first_admin_password();
    EXPECT_GE(password.size(), 16u);
    const Reply login = send_request(server.port(), http::verb::post, "/api/login",
                                     Json{{"user_name", "admin"}, {"password", password}}.dump());
    EXPECT_EQ(login.status, 200) << login.body;
  }
  ViewerServer again(path, temp.path());
  EXPECT_FALSE(again.server().first_admin_password().has_value());
  // Only the argon2id hash is stored.
  gis::Store store = gis::Store::open(path, false);
  OGRLayer& users = gis::store_layer(store, viewer::users_table);
  gis::FeaturePtr admin(users.GetNextFeature());
  ASSERT_TRUE(admin);
  const std::string hash = admin->GetFieldAsString("password_hash");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(hash.find(password), std::string::npos);
}

TEST(ViewerUsers, UserVerbsAddChangeAndDisable) {
  TempDir temp;
  const std::string path = temp.file("p.gpkg");
  ASSERT_EQ(run_envgrid({"init", path}).exit_code, 0);
  const RunResult add = run_envgrid(
      {"user", "add", path, "ana", "--role", "analyst", "--password-stdin"}, "first-password\n");
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_EQ(run_envgrid({"user", "add", path, "ana", "--role", "analyst"}).exit_code, 2)
      << "a second user of the same name";
  EXPECT_EQ(run_envgrid({"user", "add", path, "bob", "--role", "boss"}).exit_code, 2);
  const RunResult unknown_cell =
      run_envgrid({"user", "add", path, "gm", "--role", "grid_manager", "--cells", "C7,C8"});
  EXPECT_EQ(unknown_cell.exit_code, 2) << "cells C7 and C8 are not in the store yet";
  EXPECT_NE(unknown_cell.err.find("no cell C7, C8 in the store"), std::string::npos)
      << unknown_cell.err;
  write_text(temp.file("cells.csv"),
             "cell_id,WKT\n"
             "C7,\"POLYGON((114 30,114.01 30,114.01 30.01,114 30.01,114 30))\"\n"
             "C8,\"POLYGON((114.01 30,114.02 30,114.02 30.01,114.01 30.01,114.01 30))\"\n");
  import_layer(path, "cells", temp.file("cells.csv"));
  const RunResult generated =
      run_envgrid({"user", "add", path, "gm", "--role", "grid_manager", "--cells", "C7,C8"});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_NE(generated.out.find("password "), std::string::npos) << generated.out;
  {
    gis::Store store = gis::Store::open(path, true);
    EXPECT_TRUE(viewer::check_password(store, "ana", "first-password"));
    const auto gm = viewer::find_user(store, "gm");
    ASSERT_TRUE(gm);
    EXPECT_EQ(gm->cells, (std::vector<std::string>{"C7", "C8"}));
    EXPECT_EQ(gm->role, viewer::Role::grid_manager);
  }
  ASSERT_EQ(run_envgrid({"user", "passwd", path, "ana", "--password-stdin"}, "second-password\n")
                .exit_code,
            0);
  {
    gis::Store store = gis::Store::open(path, true);
    EXPECT_FALSE(viewer::check_password(store, "ana", "first-password"));
    EXPECT_TRUE(viewer::check_password(store, "ana", "second-password"));
    (void)viewer::start_session(store, "ana", std::chrono::hours(1));
  }
  ASSERT_EQ(run_envgrid({"user", "disable", path, "ana"}).exit_code, 0);
  gis::Store store = gis::Store::open(path, true);
  EXPECT_FALSE(viewer::check_password(store, "ana", "second-password"));
  gis::store_layer(store, viewer::sessions_table).SetAttributeFilter("user_name = 'ana'");
  EXPECT_EQ(gis::store_layer(store, viewer::sessions_table).GetFeatureCount(TRUE), 0);
  EXPECT_EQ(run_envgrid({"user", "disable", path, "nobody"}).exit_code, 100);
}

}  // namespace
}  // namespace envgrid::test
