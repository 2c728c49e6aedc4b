import type { Dispatch } from 'react';
import type { DesignerAction, DesignerState } from '../../designer/designer-reducer';

/** What every part of the designer gets: the state to render and where its actions go. */
export interface DesignerPartProps {
  readonly state: DesignerState;
  readonly dispatch: Dispatch<DesignerAction>;
}
