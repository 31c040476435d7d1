// Functions run inside the page by either browser driver (playwright's page.evaluate, or the
// WebDriver BiDi one of firefox.ts): each is serialized as text, so it must use nothing but its
// arguments and the page's globals.

/** Centres the map on the label point (inside its parcel) of the parcel nearest the view's centre; returns its id. */
export function centreOnNearestParcel(): string {
  const { map, layers } = window.terrier!;
  const view = map.getView();
  const [cx, cy] = view.getCenter()!;
  const labels = layers.get('parcelles')!.getFeaturesInExtent(view.calculateExtent(map.getSize()))
    .filter((f) => f.get('layer') === 'parcelles_labels')
    .map((f) => ({ id: String(f.get('id')), p: f.getFlatCoordinates() }))
    .sort((a, b) => Math.hypot(a.p[0]! - cx!, a.p[1]! - cy!) - Math.hypot(b.p[0]! - cx!, b.p[1]! - cy!));
  view.setCenter([labels[0]!.p[0]!, labels[0]!.p[1]!]);
  return labels[0]!.id;
}
