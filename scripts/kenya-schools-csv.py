#!/usr/bin/env python3
"""Writes data/samples/kenya-schools.csv (id,name,lat,lon,county,country) from data/layers/schools.geojson."""
import csv, json, os
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
layer = json.load(open(os.path.join(root, 'data/layers/schools.geojson')))
os.makedirs(os.path.join(root, 'data/samples'), exist_ok=True)
with open(os.path.join(root, 'data/samples/kenya-schools.csv'), 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['id', 'name', 'lat', 'lon', 'county', 'country'])
    for ft in layer['features']:
        p = ft['properties']
        if p.get('country') != 'KEN':
            continue
        lon, lat = ft['geometry']['coordinates']
        w.writerow([ft['id'], p.get('name', ''), lat, lon, p.get('county', ''), p.get('country', '')])
