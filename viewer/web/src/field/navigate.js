// Links that open navigation to a task's target in the phone's map app.
// geo: (RFC 5870) is WGS 84: Android hands it to the default map app
// (Google Maps, OsmAnd, Organic Maps). Chinese map apps draw on GCJ-02, the
// offset datum China's maps must use; WGS 84 there lands 300-600 m off. The
// server gives the target in both (gcj02_lon/gcj02_lat from gis's
// wgs84_to_gcj02), and the Amap and Baidu links carry GCJ-02 and say so.
import { el } from '../ui.js';

export function navigationLinks(task) {
  if (task.lon === null || task.lon === undefined) return null;
  const name = encodeURIComponent(task.target_name || task.target_id);
  const gcj = task.gcj02_lon === null || task.gcj02_lon === undefined ? null : { lon: task.gcj02_lon, lat: task.gcj02_lat };
  const links = [
    el('a', { id: 'navigate', class: 'button', href: `geo:${task.lat},${task.lon}?q=${task.lat},${task.lon}(${name})` }, 'Navigate'),
  ];
  if (gcj) {
    // Amap (高德): dev=0 says the coordinates are already GCJ-02.
    links.push(el('a', { id: 'navigate-amap', class: 'button', href: `amapuri://route/plan/?dlat=${gcj.lat}&dlon=${gcj.lon}&dname=${name}&dev=0&t=0` }, '高德'));
    // Baidu (百度) draws on BD-09 but reads GCJ-02 when told by coord_type.
    links.push(el('a', { id: 'navigate-baidu', class: 'button', href: `baidumap://map/direction?destination=latlng:${gcj.lat},${gcj.lon}|name:${name}&coord_type=gcj02&mode=driving` }, '百度'));
  }
  return el('div', { class: 'field-nav' }, links);
}
