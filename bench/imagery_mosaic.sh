#!/bin/sh
# Tiles the benchmark's generated scene N x N into orthomosaics laid out as
# OpenDroneMap writes them (odm_orthophoto: tiled 512 x 512, DEFLATE with
# PREDICTOR=2, BIGTIFF=IF_SAFER, averaged overviews 2 4 8 16), so that
# imagery_bench can time gigapixel files without drawing every pixel again
# (the generator would need well over an hour at 32768 px).
#
# Usage: bench/imagery_mosaic.sh SRC_DIR N DST_DIR
#   SRC_DIR: a directory written by imagery_bench (before.tif, after.tif,
#   river.tif, outfalls.geojson ...); DST_DIR gets the same files, N times
#   wider and higher. Then: build/bin/imagery_bench SIZE DST_DIR.
set -eu
src=$1 n=$2 dst=$3
mkdir -p "$dst"
for name in before after river; do
  w=$(gdalinfo "$src/$name.tif" | sed -n 's/^Size is \([0-9]*\), \([0-9]*\)/\1/p')
  h=$(gdalinfo "$src/$name.tif" | sed -n 's/^Size is \([0-9]*\), \([0-9]*\)/\2/p')
  vrt="$dst/$name.vrt"
  # The geotransform of the source, kept for the mosaic's top-left corner.
  gdal_translate -q -of VRT "$src/$name.tif" "$vrt.tmp"
  geo=$(sed -n 's:.*<GeoTransform>\(.*\)</GeoTransform>.*:\1:p' "$vrt.tmp")
  srs=$(grep "<SRS" "$vrt.tmp")
  {
    echo "<VRTDataset rasterXSize=\"$((w * n))\" rasterYSize=\"$((h * n))\">"
    echo "$srs"
    echo "<GeoTransform>$geo</GeoTransform>"
    for band in 1 2 3; do
      echo "<VRTRasterBand dataType=\"Byte\" band=\"$band\">"
      i=0
      while [ $i -lt "$n" ]; do
        j=0
        while [ $j -lt "$n" ]; do
          echo "<SimpleSource><SourceFilename relativeToVRT=\"0\">$src/$name.tif</SourceFilename>"
          echo "<SourceBand>$band</SourceBand><SrcRect xOff=\"0\" yOff=\"0\" xSize=\"$w\" ySize=\"$h\"/>"
          echo "<DstRect xOff=\"$((j * w))\" yOff=\"$((i * h))\" xSize=\"$w\" ySize=\"$h\"/></SimpleSource>"
          j=$((j + 1))
        done
        i=$((i + 1))
      done
      echo "</VRTRasterBand>"
    done
    echo "</VRTDataset>"
  } > "$vrt"
  rm -f "$vrt.tmp"
  gdal_translate -q -co TILED=YES -co BLOCKXSIZE=512 -co BLOCKYSIZE=512 -co COMPRESS=DEFLATE \
    -co PREDICTOR=2 -co PHOTOMETRIC=RGB -co BIGTIFF=IF_SAFER "$vrt" "$dst/$name.tif"
  rm -f "$vrt"
  if [ "$name" != river ]; then
    gdaladdo -q -r average --config COMPRESS_OVERVIEW DEFLATE --config PREDICTOR_OVERVIEW 2 \
      "$dst/$name.tif" 2 4 8 16
  fi
done
for f in "$src"/*.geojson "$src"/scene.json; do cp "$f" "$dst/"; done
