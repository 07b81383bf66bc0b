# Every dependency comes from a Debian 12 package (scripts/setup.sh installs them).
# Minimum versions are those of Debian 12 (bookworm).
find_package(GDAL 3.6 CONFIG REQUIRED)
find_package(PROJ 9.1 CONFIG REQUIRED)
find_package(GEOS 3.11 CONFIG REQUIRED)
find_package(OpenCV 4.6 REQUIRED COMPONENTS core imgproc imgcodecs features2d calib3d ximgproc)
find_package(Boost 1.74 REQUIRED)
find_package(SQLite3 3.40 REQUIRED)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(EXIV2 REQUIRED IMPORTED_TARGET exiv2>=0.27)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium>=1.0.18)
