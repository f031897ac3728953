import { onScopeDispose, ref, type Ref } from 'vue';

/** Width of the window's viewport in CSS pixels, updated on resize. */
export function useViewportWidth(): Ref<number> {
  const width = ref(window.innerWidth);
  const update = (): void => {
    width.value = window.innerWidth;
  };
  window.addEventListener('resize', update);
  onScopeDispose(() => window.removeEventListener('resize', update));
  return width;
}
